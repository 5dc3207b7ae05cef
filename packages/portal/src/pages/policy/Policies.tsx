import { useState } from 'react';
import { call, POL } from '../../api/client.ts';
import type { Policy, PolicyGroupEntity } from '../../api/types.ts';
import {
  ActionForm,
  ErrorText,
  Field,
  Notice,
  Select,
  Status,
  str,
  Table,
  TextArea,
  useLoad,
  when,
} from '../../ui/kit.tsx';
import { diffPolicies } from './diff.ts';

const POLICY_TYPES = ['Auth', 'DataShare', 'CredentialIssuance', 'MISP'];

function parsePolicies(text: string): object {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new Error('The policy document must be a JSON object');
}

function Diff({ versions }: { versions: Policy[] }) {
  const sorted = [...versions].sort((a, b) => a.revision - b.revision);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Until a version is chosen, the two newest: also when the list reloads with a new revision after
  // this panel opened (the state is not re-initialised then).
  const a = sorted.find((p) => p.policyId === from) ?? sorted.at(-2);
  const b = sorted.find((p) => p.policyId === to) ?? sorted.at(-1);
  const lines = a && b ? diffPolicies(a.policies, b.policies) : [];
  const option = (p: Policy) => ({ value: p.policyId, label: `revision ${p.revision} (${p.status})` });
  return (
    <section className="panel" aria-labelledby="diff-title">
      <h2 id="diff-title">Differences between versions of {sorted[0]?.policyName}</h2>
      <div className="form inline">
        <div className="field">
          <label htmlFor="diff-from">From</label>
          <select id="diff-from" value={a?.policyId ?? ''} onChange={(e) => setFrom(e.target.value)}>
            {sorted.map((p) => (
              <option key={p.policyId} {...option(p)}>
                {option(p).label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="diff-to">To</label>
          <select id="diff-to" value={b?.policyId ?? ''} onChange={(e) => setTo(e.target.value)}>
            {sorted.map((p) => (
              <option key={p.policyId} {...option(p)}>
                {option(p).label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {lines.length === 0 ? (
        <p>No difference in the policy documents.</p>
      ) : (
        <ul className="diff">
          {lines.map((line) => (
            <li key={line.path} className={`diff-${line.kind}`}>
              <code>{line.path}</code> {line.kind === 'added' && <>added: {line.after}</>}
              {line.kind === 'removed' && <>removed (was {line.before})</>}
              {line.kind === 'changed' && (
                <>
                  changed from {line.before} to {line.after}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Policy manager: groups, policies (drafts, publication, new versions) and the diff between versions. */
export function PoliciesPage() {
  const groups = useLoad(
    () => call<{ policyGroup: PolicyGroupEntity; policies: unknown[] }[]>('GET', `${POL}/policies/group/all`),
    [],
  );
  const policies = useLoad(() => call<Policy[]>('GET', `${POL}/policies`), []);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [lineage, setLineage] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState<Policy | undefined>(undefined);
  const reload = () => {
    groups.reload();
    policies.reload();
  };
  const publish = async (p: Policy) => {
    setError(undefined);
    try {
      await call(
        'POST',
        `${POL}/policies/${encodeURIComponent(p.policyId)}/group/${encodeURIComponent(p.policyGroupId)}/publish`,
      );
      setMessage(`${p.policyName} revision ${p.revision} published.`);
      reload();
    } catch (cause) {
      setError(cause);
    }
  };
  const groupNames = (groups.data ?? []).map((g) => g.policyGroup.name);
  return (
    <section>
      <h1>Policies</h1>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={error ?? groups.error ?? policies.error} />
      <Table
        caption="Policy groups"
        rows={groups.data}
        rowKey={(g) => g.policyGroup.id}
        columns={[
          { header: 'Group', cell: (g) => g.policyGroup.name },
          { header: 'Description', cell: (g) => g.policyGroup.desc },
          { header: 'Active', cell: (g) => (g.policyGroup.isActive ? 'yes' : 'no') },
          { header: 'Policies', cell: (g) => g.policies.length },
        ]}
      />
      <Table
        caption="Policies, every version"
        rows={policies.data}
        rowKey={(p) => p.policyId}
        columns={[
          { header: 'Policy', cell: (p) => p.policyName },
          { header: 'Group', cell: (p) => p.policyGroupName },
          { header: 'Type', cell: (p) => p.policyType },
          { header: 'Revision', cell: (p) => p.revision },
          { header: 'Status', cell: (p) => <Status value={p.status} /> },
          { header: 'Created', cell: (p) => when(p.cr_dtimes) },
          {
            header: 'Action',
            cell: (p) => (
              <div className="actions">
                {p.status === 'DRAFTED' && (
                  <button type="button" onClick={() => publish(p)}>
                    Publish <span className="sr-only">{`${p.policyName} revision ${p.revision}`}</span>
                  </button>
                )}
                <button type="button" onClick={() => setEditing(p)}>
                  Edit <span className="sr-only">{`${p.policyName} revision ${p.revision}`}</span>
                </button>
                <button type="button" onClick={() => setLineage(p.lineageId)}>
                  Versions <span className="sr-only">{`of ${p.policyName}`}</span>
                </button>
              </div>
            ),
          },
        ]}
      />
      {lineage && policies.data && (
        <Diff key={lineage} versions={policies.data.filter((p) => p.lineageId === lineage)} />
      )}
      {editing && (
        <ActionForm
          key={editing.policyId}
          label={`Edit ${editing.policyName}`}
          submit="Save"
          onSubmit={async (data) => {
            // The answer, not this page's copy of the row (which a reload may not have refreshed yet), tells
            // whether the draft was edited in place or a published version got a new draft (a new id).
            const saved = await call<{ id: string }>(
              'PUT',
              `${POL}/policies/${encodeURIComponent(editing.policyId)}`,
              {
                policyGroupName: editing.policyGroupName,
                name: editing.policyName,
                desc: str(data, 'desc'),
                version: editing.version,
                policies: parsePolicies(String(data.get('policies') ?? '')),
              },
            );
            setMessage(
              saved.id === editing.policyId
                ? `Draft ${editing.policyName} saved.`
                : `${editing.policyName}: a new draft version was made (published versions never change).`,
            );
            setEditing(undefined);
            reload();
          }}
        >
          <h2>
            Edit {editing.policyName} revision {editing.revision}
          </h2>
          <Field label="Description" name="desc" required defaultValue={editing.policyDesc} maxLength={256} />
          <div className="field">
            <label htmlFor="edit-policies">Policy document (JSON)</label>
            <textarea
              id="edit-policies"
              name="policies"
              rows={10}
              required
              defaultValue={JSON.stringify(editing.policies, null, 2)}
            />
          </div>
        </ActionForm>
      )}
      <h2>New policy group</h2>
      <ActionForm
        label="New policy group"
        submit="Create group"
        onSubmit={async (data) => {
          await call('POST', `${POL}/policies/group/new`, {
            name: str(data, 'name'),
            desc: str(data, 'desc'),
          });
          setMessage(`Policy group ${str(data, 'name')} created.`);
          reload();
        }}
      >
        <Field label="Name" name="name" required maxLength={128} />
        <Field label="Description" name="desc" required maxLength={256} />
      </ActionForm>
      <h2>New policy</h2>
      {groupNames.length === 0 ? (
        <p>Create a policy group first.</p>
      ) : (
        <ActionForm
          label="New policy"
          submit="Create draft"
          onSubmit={async (data) => {
            await call('POST', `${POL}/policies`, {
              policyGroupName: str(data, 'group'),
              name: str(data, 'name'),
              desc: str(data, 'desc'),
              policyType: str(data, 'policyType'),
              version: str(data, 'version'),
              policies: parsePolicies(String(data.get('policies') ?? '')),
            });
            setMessage(`Draft policy ${str(data, 'name')} created: publish it to offer it to partners.`);
            reload();
          }}
        >
          <Select label="Group" name="group" options={groupNames.map((n) => ({ value: n, label: n }))} />
          <Field label="Name" name="name" required maxLength={128} />
          <Field label="Description" name="desc" required maxLength={256} />
          <Select
            label="Type"
            name="policyType"
            options={POLICY_TYPES.map((t) => ({ value: t, label: t }))}
          />
          <Field label="Version" name="version" required defaultValue="1.0" maxLength={8} />
          <TextArea
            label="Policy document (JSON)"
            name="policies"
            required
            rows={8}
            hint='For Auth: {"authTokenType":"partner","allowedAuthTypes":[…],"allowedKycAttributes":[…]}; the server checks it against MOSIP&apos;s schema of the type.'
          />
        </ActionForm>
      )}
    </section>
  );
}
