import type { AuthTransactionTrace } from '@mosip-trust/contracts';
import { useId } from 'react';
import { call, TRUST } from '../../api/client.ts';
import { ErrorText, useLoad, when } from '../../ui/kit.tsx';

/** One authentication's decision trace: every check in order, and the one that refused it. */
export function TraceView({ trace }: { trace: AuthTransactionTrace }) {
  const id = useId();
  const refused = trace.status === 'failure';
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>Decision trace of {trace.transactionId}</h2>
      <dl className="facts">
        <dt>Result</dt>
        <dd>{refused ? `refused ${trace.errorCodes.join(', ')}` : 'accepted'}</dd>
        <dt>When</dt>
        <dd>{when(trace.requestTime)}</dd>
        <dt>Partner</dt>
        <dd>{trace.partnerId}</dd>
        <dt>Through MISP</dt>
        <dd>{trace.mispId ?? '—'}</dd>
        <dt>Auth types</dt>
        <dd>{trace.authTypes.join(', ') || '—'}</dd>
        {refused && (
          <>
            <dt>Refused at</dt>
            <dd>{trace.failedCheck ?? '—'}</dd>
          </>
        )}
      </dl>
      <ol aria-label={`Checks of ${trace.transactionId}`} className="trace">
        {trace.trace.map((step, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the steps are a fixed, ordered record
          <li key={index} className={`trace-${step.outcome}`}>
            <strong>{step.check}</strong>: {step.outcome}
            {step.code ? ` (${step.code}${step.mosipCode ? `, ${step.mosipCode}` : ''})` : ''} — {step.reason}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Looks up a transaction's traces (a partner's own, or a MISP's through its licences) and shows them. */
export function TraceLookup({ transactionId }: { transactionId: string }) {
  const traces = useLoad(
    () =>
      call<AuthTransactionTrace[]>('GET', `${TRUST}/auth-transactions/${encodeURIComponent(transactionId)}`),
    [transactionId],
  );
  if (traces.error) return <ErrorText error={traces.error} />;
  if (!traces.data) return <p aria-busy="true">Loading…</p>;
  return (
    <>
      {traces.data.map((trace) => (
        <TraceView key={trace.id} trace={trace} />
      ))}
    </>
  );
}
