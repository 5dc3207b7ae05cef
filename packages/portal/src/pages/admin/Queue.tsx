import { useState } from 'react';
import type { AttachedConformance } from '../../api/types.ts';
import { CertificateView } from '../../cert/CertificateView.tsx';
import { ErrorText, Notice, Table, useLoad, when } from '../../ui/kit.tsx';
import { loadQueue, type QueueItem } from './queue.ts';

/** The summary of an attached SBI conformance report, beside the approval (docs/conformance.md). */
function Conformance({ attached }: { attached: AttachedConformance | null }) {
  if (!attached) return <p className="hint">No SBI conformance report is attached.</p>;
  const { body, digest } = attached.report;
  const failed = body.cases.filter((c) => c.status === 'fail');
  return (
    <section aria-labelledby="conformance-title">
      <h3 id="conformance-title">SBI conformance report</h3>
      <p>
        {`${body.summary.passed} passed, ${body.summary.failed} failed, ${body.summary.notRun} not run of ${body.summary.total} cases`}
      </p>
      <dl>
        <div className="fact">
          <dt>Run</dt>
          <dd>{`${when(body.generatedAt)} with ${body.tool.name} ${body.tool.version}`}</dd>
        </div>
        <div className="fact">
          <dt>Attached</dt>
          <dd>{`${when(attached.attachedAt)} by ${attached.attachedBy}`}</dd>
        </div>
        <div className="fact">
          <dt>{digest.algorithm}</dt>
          <dd>
            <code>{digest.value}</code>
          </dd>
        </div>
      </dl>
      {failed.length > 0 && (
        <ul aria-label="Failed cases">
          {failed.map((c) => (
            <li key={c.testId}>{`${c.testId} ${c.testName}: ${c.reasons.join('; ')}`}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Review({ item, onDone }: { item: QueueItem; onDone: (message: string) => void }) {
  const certificate = useLoad(async () => (item.certificate ? item.certificate() : undefined), [item.key]);
  const conformance = useLoad(async () => (item.conformance ? item.conformance() : undefined), [item.key]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const decide = async (approve: boolean) => {
    if (!approve && item.takesReason && !reason.trim()) {
      setError(new Error('A rejection needs a reason'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await item.decide(approve, reason.trim(), certificate.data);
      onDone(`${item.kind} "${item.title}" ${approve ? 'approved' : 'rejected'}.`);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="review-title">
      <h2 id="review-title">
        Review: {item.kind} {item.title}
      </h2>
      <dl>
        {item.facts.map(([name, value]) => (
          <div key={name} className="fact">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {certificate.data && <CertificateView pem={certificate.data} title="Certificate" />}
      <ErrorText error={certificate.error} />
      {conformance.data !== undefined && <Conformance attached={conformance.data} />}
      <ErrorText error={conformance.error} />
      {item.takesReason ? (
        <div className="field">
          <label htmlFor="reason">Reason (required to reject; the partner sees it)</label>
          <textarea id="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      ) : (
        <p className="hint">The API records no reason for rejecting a {item.kind.toLowerCase()}.</p>
      )}
      <ErrorText error={error} />
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => decide(true)}>
          Approve
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => decide(false)}>
          Reject
        </button>
      </div>
    </section>
  );
}

/** Everything awaiting the partner admin's decision in one list. */
export function QueuePage() {
  const queue = useLoad(loadQueue, []);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const item = queue.data?.find((i) => i.key === selected);
  return (
    <section>
      <h1>Awaiting decision</h1>
      <div className="actions">
        <button type="button" onClick={queue.reload}>
          Refresh
        </button>
      </div>
      {done && <Notice>{done}</Notice>}
      <ErrorText error={queue.error} />
      <Table
        caption="Items awaiting a decision, oldest first"
        rows={queue.data}
        rowKey={(i) => i.key}
        empty="Nothing awaits a decision."
        columns={[
          { header: 'Kind', cell: (i) => i.kind },
          { header: 'Item', cell: (i) => i.title },
          { header: 'Partner', cell: (i) => i.partnerId },
          { header: 'Since', cell: (i) => when(i.since) },
          {
            header: 'Action',
            cell: (i) => (
              <button type="button" aria-pressed={i.key === selected} onClick={() => setSelected(i.key)}>
                Review <span className="sr-only">{`${i.kind} ${i.title}`}</span>
              </button>
            ),
          },
        ]}
      />
      {item && (
        <Review
          key={item.key}
          item={item}
          onDone={(message) => {
            setDone(message);
            setSelected(undefined);
            queue.reload();
          }}
        />
      )}
    </section>
  );
}
