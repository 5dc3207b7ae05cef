import type { AuthTransactionTrace } from '@mosip-trust/contracts';
import { useState } from 'react';
import { call, query, TRUST } from '../../api/client.ts';
import { useSession } from '../../session.tsx';
import { ErrorText, Pager, Table, useLoad, when } from '../../ui/kit.tsx';
import { TraceLookup, TraceView } from './Trace.tsx';

const PAGE = 20;

interface TracePage {
  pageNo: number;
  pageSize: number;
  totalResults: number;
  data: AuthTransactionTrace[];
}

/** An authentication partner's own authentications, newest first, each with its decision trace. */
export function AuthTransactionsPage() {
  const { me } = useSession();
  const [page, setPage] = useState(0);
  const [shown, setShown] = useState<AuthTransactionTrace | undefined>(undefined);
  const [lookup, setLookup] = useState('');
  const list = useLoad(
    () =>
      call<TracePage>(
        'GET',
        `${TRUST}/partners/${encodeURIComponent(me.partnerId)}/auth-transactions${query({ pageNo: page, pageSize: PAGE })}`,
      ),
    [me.partnerId, page],
  );
  const pages = Math.max(1, Math.ceil((list.data?.totalResults ?? 0) / PAGE));
  return (
    <section>
      <h1>Transactions</h1>
      <p>Your authentications, newest first. Open one to see every check it passed or failed.</p>
      <form
        aria-label="Find a transaction"
        className="form inline"
        onSubmit={(event) => {
          event.preventDefault();
          const value = String(new FormData(event.currentTarget).get('transactionId') ?? '').trim();
          setShown(undefined);
          setLookup(value);
        }}
      >
        <div className="field">
          <label htmlFor="trace-id">Transaction id</label>
          <input id="trace-id" name="transactionId" required minLength={1} maxLength={64} />
        </div>
        <button type="submit">Show trace</button>
      </form>
      <ErrorText error={list.error} />
      <Table
        caption={`Authentications (${list.data?.totalResults ?? 0})`}
        rows={list.data?.data}
        rowKey={(t) => t.id}
        pageSize={PAGE}
        empty="No authentication yet."
        columns={[
          { header: 'When', cell: (t) => when(t.requestTime) },
          { header: 'Transaction', cell: (t) => <span className="mono">{t.transactionId}</span> },
          { header: 'Auth types', cell: (t) => t.authTypes.join(', ') || '—' },
          { header: 'MISP', cell: (t) => t.mispId ?? '—' },
          {
            header: 'Result',
            cell: (t) => (t.status === 'success' ? 'accepted' : `refused ${t.errorCodes.join(', ')}`),
          },
          {
            header: 'Trace',
            cell: (t) => (
              <button
                type="button"
                onClick={() => {
                  setLookup('');
                  setShown(t);
                }}
              >
                Show trace <span className="sr-only">of {t.transactionId}</span>
              </button>
            ),
          },
        ]}
      />
      {pages > 1 && <Pager page={page} pages={pages} onPage={setPage} label="Transaction pages" />}
      {shown && <TraceView trace={shown} />}
      {lookup && <TraceLookup transactionId={lookup} />}
    </section>
  );
}
