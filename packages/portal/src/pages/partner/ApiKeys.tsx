import { useState } from 'react';
import { call, PM, POL } from '../../api/client.ts';
import type { ActivePolicy, ApiKeyRequest, GeneratedApiKey, Partner } from '../../api/types.ts';
import { useSession } from '../../session.tsx';
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

/** Authentication and credential partners: policy requests, their decisions and the API keys made from them. */
export function ApiKeysPage() {
  const { me } = useSession();
  const base = `${PM}/partners/${encodeURIComponent(me.partnerId)}`;
  const partner = useLoad(() => call<Partner>('GET', base), [base]);
  const requests = useLoad(() => call<ApiKeyRequest[]>('GET', `${base}/apikey/request`), [base]);
  const group = partner.data?.policyGroup;
  const policies = useLoad(
    async () =>
      group ? call<ActivePolicy[]>('GET', `${POL}/policies/active/group/${encodeURIComponent(group)}`) : [],
    [group],
  );
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [secret, setSecret] = useState<GeneratedApiKey | undefined>(undefined);
  const approved = (requests.data ?? []).filter(
    (r) => r.apiKeyRequestStatus === 'approved' || r.apiKeyRequestStatus === 'Approved',
  );
  return (
    <section>
      <h1>API keys</h1>
      {message && <Notice>{message}</Notice>}
      {secret && (
        <div role="status" className="notice secret">
          <p>
            API key <strong>{secret.label}</strong> created, valid until {when(secret.validTo)}. Copy it now:
            it is shown only once.
          </p>
          <code className="mono wrap" data-testid="new-api-key">
            {secret.apiKey}
          </code>
        </div>
      )}
      <ErrorText error={requests.error ?? partner.error} />
      <Table
        caption="Your policy requests and their API keys"
        rows={requests.data}
        rowKey={(r) => r.apiKeyReqID}
        columns={[
          { header: 'Policy', cell: (r) => `${r.policyName} (revision ${r.policyRevision})` },
          { header: 'Use case', cell: (r) => r.useCaseDescription },
          { header: 'Status', cell: (r) => <Status value={r.apiKeyRequestStatus} /> },
          { header: 'Reason', cell: (r) => r.reason || '—' },
          { header: 'Requested', cell: (r) => when(r.requestedAt) },
          {
            header: 'Keys',
            cell: (r) =>
              r.apiKeys.length === 0
                ? '—'
                : r.apiKeys.map((k) => (
                    <div key={k.apiKeyId}>
                      {k.label}: <span className="mono">{k.keyPrefix}…</span> {k.status}, until{' '}
                      {when(k.validTo)}
                    </div>
                  )),
          },
        ]}
      />
      <h2>Request a policy</h2>
      <ErrorText error={policies.error} />
      {policies.data && policies.data.length === 0 && (
        <p>Your policy group {group ? `"${group}"` : ''} has no published policy yet.</p>
      )}
      {policies.data && policies.data.length > 0 && (
        <ActionForm
          label="Request a policy"
          submit="Send request"
          onSubmit={async (data) => {
            await call('POST', `${base}/policy/map`, {
              policyName: str(data, 'policyName'),
              useCaseDescription: str(data, 'useCaseDescription'),
            });
            setMessage(`Request for policy ${str(data, 'policyName')} sent to the partner admin.`);
            requests.reload();
          }}
        >
          <Select
            label={`Policy of group ${group}`}
            name="policyName"
            options={policies.data.map((p) => ({
              value: p.name,
              label: `${p.name} (${p.policyType}, ${p.version})`,
            }))}
          />
          <TextArea label="Use case" name="useCaseDescription" required rows={2} />
        </ActionForm>
      )}
      {approved.length > 0 && (
        <>
          <h2>Create an API key</h2>
          <ActionForm
            label="Create an API key"
            submit="Create API key"
            onSubmit={async (data) => {
              setSecret(
                await call<GeneratedApiKey>('PATCH', `${base}/generate/apikey`, {
                  policyName: str(data, 'policyName'),
                  label: str(data, 'label'),
                }),
              );
              requests.reload();
            }}
          >
            <Select
              label="Approved policy"
              name="policyName"
              options={[...new Set(approved.map((r) => r.policyName))].map((n) => ({ value: n, label: n }))}
            />
            <Field label="Label" name="label" required maxLength={36} />
          </ActionForm>
        </>
      )}
    </section>
  );
}
