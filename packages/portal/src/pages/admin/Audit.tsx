import { useState } from 'react';
import { call, query, TRUST } from '../../api/client.ts';
import type { AuditEntry, AuditVerdict } from '../../api/types.ts';
import { ErrorText, Notice, Table, useLoad, when } from '../../ui/kit.tsx';

const LIMIT = 50;

/** The hash-chained audit log with its integrity check. */
export function AuditPage() {
  const [filters, setFilters] = useState({ action: '', actor: '', target: '' });
  // The API pages forward by sequence number: fromSeq is the first entry of the page shown.
  const [fromSeq, setFromSeq] = useState<number[]>([1]);
  const start = fromSeq.at(-1) ?? 1;
  const log = useLoad(
    () => call<AuditEntry[]>('GET', `${TRUST}/audit${query({ ...filters, fromSeq: start, limit: LIMIT })}`),
    [filters, start],
  );
  const [verdict, setVerdict] = useState<AuditVerdict | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const verify = async () => {
    setError(undefined);
    try {
      setVerdict(await call<AuditVerdict>('GET', `${TRUST}/audit/verify`));
    } catch (cause) {
      setError(cause);
    }
  };
  return (
    <section>
      <h1>Audit log</h1>
      <div className="actions">
        <button type="button" onClick={verify}>
          Verify the chain
        </button>
      </div>
      {verdict &&
        (verdict.ok ? (
          <Notice>
            Chain intact: {verdict.entries} entries, head hash{' '}
            <span className="mono">{verdict.headHash}</span>.
          </Notice>
        ) : (
          <p role="alert" className="error">
            Chain broken at entry {verdict.brokenAt}: {verdict.reason}
          </p>
        ))}
      <ErrorText error={error ?? log.error} />
      <form
        aria-label="Filter the audit log"
        className="form inline"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const get = (k: string) => String(data.get(k) ?? '').trim();
          setFilters({ action: get('action'), actor: get('actor'), target: get('target') });
          setFromSeq([1]);
        }}
      >
        {(['action', 'actor', 'target'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`audit-${name}`}>{name[0]?.toUpperCase() + name.slice(1)}</label>
            <input id={`audit-${name}`} name={name} maxLength={256} />
          </div>
        ))}
        <button type="submit">Filter</button>
      </form>
      <Table
        caption={`Audit entries from #${start}, oldest first`}
        rows={log.data}
        pageSize={LIMIT}
        rowKey={(e) => String(e.seq)}
        columns={[
          { header: '#', cell: (e) => e.seq },
          { header: 'When', cell: (e) => when(e.at) },
          { header: 'Actor', cell: (e) => e.actor },
          { header: 'Action', cell: (e) => e.action },
          { header: 'Target', cell: (e) => e.target },
          { header: 'Details', cell: (e) => <code className="wrap">{JSON.stringify(e.details)}</code> },
        ]}
      />
      <nav aria-label="Audit log pages" className="pager">
        <button type="button" disabled={fromSeq.length < 2} onClick={() => setFromSeq(fromSeq.slice(0, -1))}>
          Previous entries
        </button>
        <button
          type="button"
          disabled={(log.data?.length ?? 0) < LIMIT}
          onClick={() => setFromSeq([...fromSeq, (log.data?.at(-1)?.seq ?? start) + 1])}
        >
          Next entries
        </button>
      </nav>
    </section>
  );
}
