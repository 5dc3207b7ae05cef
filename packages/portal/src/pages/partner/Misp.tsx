import { useState } from 'react';
import { call, callText, PM, query } from '../../api/client.ts';
import type { IssuedLicence, Licence, Transaction, TransactionPage } from '../../api/types.ts';
import { hasRole, useSession } from '../../session.tsx';
import { download, ErrorText, Notice, Pager, Status, Table, useLoad, when } from '../../ui/kit.tsx';
import { TraceLookup } from './Trace.tsx';

/** MISP licence keys: list, request a new one (one active at a time), revoke. */
export function LicencesPage() {
  const { me } = useSession();
  const licences = useLoad(() => call<Licence[]>('GET', `${PM}/misps`), []);
  const [issued, setIssued] = useState<IssuedLicence | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const act = async (run: () => Promise<void>) => {
    setError(undefined);
    try {
      await run();
      licences.reload();
    } catch (cause) {
      setError(cause);
    }
  };
  return (
    <section>
      <h1>Licence keys</h1>
      {issued && (
        <div role="status" className="notice secret">
          <p>
            Licence {issued.licenseId} issued, valid until {when(issued.licenseKeyExpiry)}. Copy the key now:
            it is shown only once.
          </p>
          <code className="mono wrap">{issued.licenseKey}</code>
        </div>
      )}
      {message && <Notice>{message}</Notice>}
      <ErrorText error={error ?? licences.error} />
      <Table
        caption="Licence keys"
        rows={licences.data}
        rowKey={(l) => l.licenseId}
        columns={[
          { header: 'MISP', cell: (l) => l.mispId },
          { header: 'Key starts with', cell: (l) => <span className="mono">{l.licenseKeyPrefix}…</span> },
          { header: 'Status', cell: (l) => <Status value={l.status} /> },
          { header: 'Valid', cell: (l) => `${when(l.validFromDate)} to ${when(l.validToDate)}` },
          {
            header: 'Action',
            cell: (l) =>
              l.isActive ? (
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    act(async () => {
                      await call('PUT', `${PM}/misps`, {
                        providerId: l.mispId,
                        licenseId: l.licenseId,
                        licenseKeyStatus: 'De-active',
                      });
                      setMessage(`Licence ${l.licenseId} revoked.`);
                    })
                  }
                >
                  Revoke <span className="sr-only">{l.licenseId}</span>
                </button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {hasRole(me, 'MISP_PARTNER') && (
        <button
          type="button"
          onClick={() =>
            act(async () =>
              setIssued(await call<IssuedLicence>('POST', `${PM}/misps`, { providerId: me.partnerId })),
            )
          }
        >
          Request a licence key
        </button>
      )}
    </section>
  );
}

const PAGE = 25;

/** The chart reads the latest authentications matching the filter, up to the API's largest page. */
const CHART_ROWS = 500;

/** Volume and refusals per day, as plain SVG bars (authentications through the MISP's licences). */
function VolumeChart({ rows, total }: { rows: Transaction[]; total: number }) {
  const days = new Map<string, { ok: number; refused: number }>();
  for (const row of rows) {
    const day = row.requestTime.slice(0, 10);
    const bucket = days.get(day) ?? { ok: 0, refused: 0 };
    if (row.status === 'success') bucket.ok += 1;
    else bucket.refused += 1;
    days.set(day, bucket);
  }
  const series = [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).slice(-30);
  if (series.length === 0) return null;
  const max = Math.max(...series.map(([, b]) => b.ok + b.refused));
  const width = 600;
  const height = 160;
  const bar = width / series.length;
  const summary = series.map(([day, b]) => `${day}: ${b.ok} accepted, ${b.refused} refused`).join('; ');
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height + 20}`}
        role="img"
        aria-label={`Authentications per day. ${summary}`}
      >
        {series.map(([day, b], i) => {
          const okHeight = (b.ok / max) * height;
          const refusedHeight = (b.refused / max) * height;
          return (
            <g key={day}>
              <rect
                x={i * bar + 2}
                y={height - okHeight}
                width={bar - 4}
                height={okHeight}
                className="bar-ok"
              />
              <rect
                x={i * bar + 2}
                y={height - okHeight - refusedHeight}
                width={bar - 4}
                height={refusedHeight}
                className="bar-refused"
              />
              {series.length <= 10 && (
                <text x={i * bar + bar / 2} y={height + 15} textAnchor="middle">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        Authentications per day, the latest {rows.length} of {total} matching:{' '}
        <span className="key-ok">accepted</span>, <span className="key-refused">refused</span>.
      </figcaption>
    </figure>
  );
}

interface Filter {
  partnerId: string;
  status: string;
  from: string;
  to: string;
}

/** The MISP's transaction log: filter, page, CSV export, chart. */
export function TransactionsPage() {
  const { me } = useSession();
  const [mispId, setMispId] = useState(me.partnerId);
  const [filter, setFilter] = useState<Filter>({ partnerId: '', status: '', from: '', to: '' });
  const [page, setPage] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const [traced, setTraced] = useState('');
  const params = {
    partnerId: filter.partnerId,
    status: filter.status,
    from: filter.from ? `${filter.from}T00:00:00Z` : undefined,
    to: filter.to ? `${filter.to}T23:59:59Z` : undefined,
  };
  const base = `${PM}/misps/${encodeURIComponent(mispId)}/transactions`;
  const log = useLoad(
    () =>
      mispId
        ? call<TransactionPage>('GET', `${base}${query({ ...params, pageNo: page, pageSize: PAGE })}`)
        : Promise.resolve(undefined),
    [base, filter, page],
  );
  const chart = useLoad(
    () =>
      mispId
        ? call<TransactionPage>('GET', `${base}${query({ ...params, pageNo: 0, pageSize: CHART_ROWS })}`)
        : Promise.resolve(undefined),
    [base, filter],
  );
  const pages = Math.max(1, Math.ceil((log.data?.totalResults ?? 0) / PAGE));
  const exportCsv = async () => {
    setError(undefined);
    try {
      download(`${mispId}-transactions.csv`, await callText(`${base}/export${query(params)}`), 'text/csv');
    } catch (cause) {
      setError(cause);
    }
  };
  return (
    <section>
      <h1>Transaction log</h1>
      <p>Authentications made through your licence keys: which partner, when, and the result.</p>
      <form
        aria-label="Filter transactions"
        className="form inline"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const get = (k: string) => String(data.get(k) ?? '').trim();
          if (hasRole(me, 'PARTNER_ADMIN')) setMispId(get('mispId'));
          setFilter({ partnerId: get('partnerId'), status: get('status'), from: get('from'), to: get('to') });
          setPage(0);
        }}
      >
        {hasRole(me, 'PARTNER_ADMIN') && (
          <div className="field">
            <label htmlFor="tx-misp">MISP id</label>
            <input id="tx-misp" name="mispId" defaultValue={mispId} required maxLength={36} />
          </div>
        )}
        <div className="field">
          <label htmlFor="tx-partner">Partner id</label>
          <input id="tx-partner" name="partnerId" maxLength={36} />
        </div>
        <div className="field">
          <label htmlFor="tx-status">Result</label>
          <select id="tx-status" name="status">
            <option value="">All</option>
            <option value="Y">Accepted</option>
            <option value="N">Refused</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="tx-from">From</label>
          <input id="tx-from" name="from" type="date" />
        </div>
        <div className="field">
          <label htmlFor="tx-to">To</label>
          <input id="tx-to" name="to" type="date" />
        </div>
        <button type="submit">Apply</button>
        <button type="button" onClick={exportCsv} disabled={!mispId}>
          Export CSV
        </button>
      </form>
      <ErrorText error={error ?? log.error} />
      {chart.data && <VolumeChart rows={chart.data.data} total={chart.data.totalResults} />}
      <Table
        caption={`Transactions (${log.data?.totalResults ?? 0})`}
        rows={mispId ? log.data?.data : []}
        rowKey={(t) => t.transactionId}
        pageSize={PAGE}
        empty="No authentication through your licences matches."
        columns={[
          { header: 'When', cell: (t) => when(t.requestTime) },
          { header: 'Partner', cell: (t) => `${t.partnerName} (${t.partnerId})` },
          { header: 'Auth type', cell: (t) => t.authType },
          { header: 'Result', cell: (t) => (t.status === 'success' ? 'accepted' : `refused ${t.errorCode}`) },
          { header: 'Comment', cell: (t) => t.statusComment },
          { header: 'Transaction', cell: (t) => <span className="mono">{t.transactionId}</span> },
          // The trace belongs to the partner and to the MISP whose licence it used, not to the admin.
          ...(hasRole(me, 'MISP_PARTNER')
            ? [
                {
                  header: 'Trace',
                  cell: (t: Transaction) => (
                    <button type="button" onClick={() => setTraced(t.transactionId)}>
                      Show trace <span className="sr-only">of {t.transactionId}</span>
                    </button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {traced && <TraceLookup transactionId={traced} />}
      {pages > 1 && <Pager page={page} pages={pages} onPage={setPage} label="Transaction pages" />}
      {!mispId && <Notice>Enter a MISP id to see its log.</Notice>}
    </section>
  );
}
