import { useState } from 'react';
import { call, PM } from '../../api/client.ts';
import type { Partner, PartnerSearchAnswer, PartnerType } from '../../api/types.ts';
import { ErrorText, Notice, Pager, Status, Table, useLoad } from '../../ui/kit.tsx';

const PAGE = 20;

interface Criteria {
  text: string;
  type: string;
  page: number;
}

/** Partner search (server-side paging through MOSIP's SearchDto), activation and deactivation. */
export function PartnersPage() {
  const [criteria, setCriteria] = useState<Criteria>({ text: '', type: 'all', page: 0 });
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const types = useLoad(() => call<PartnerType[]>('GET', `${PM}/partners/partnertypes`), []);
  const result = useLoad(
    () =>
      call<PartnerSearchAnswer>('POST', `${PM}/partners/search`, {
        filters: criteria.text ? [{ columnName: 'name', type: 'contains', value: criteria.text }] : [],
        sort: [{ sortField: 'crDtimes', sortType: 'desc' }],
        pagination: { pageStart: criteria.page, pageFetch: PAGE },
        partnerType: criteria.type,
      }),
    [criteria],
  );
  const setActive = async (partner: Partner, active: boolean) => {
    setError(undefined);
    try {
      await call('PATCH', `${PM}/partners/${encodeURIComponent(partner.partnerID)}`, {
        status: active ? 'Active' : 'De-active',
      });
      setMessage(`${partner.organizationName} ${active ? 'activated' : 'deactivated'}.`);
      result.reload();
    } catch (cause) {
      setError(cause);
    }
  };
  const pages = Math.max(1, Math.ceil((result.data?.totalRecord ?? 0) / PAGE));
  return (
    <section>
      <h1>Partners</h1>
      <form
        aria-label="Search partners"
        className="form inline"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          setCriteria({
            text: String(data.get('text') ?? '').trim(),
            type: String(data.get('type')),
            page: 0,
          });
        }}
      >
        <div className="field">
          <label htmlFor="partner-text">Organisation name contains</label>
          <input id="partner-text" name="text" maxLength={256} />
        </div>
        <div className="field">
          <label htmlFor="partner-type">Type</label>
          <select id="partner-type" name="type">
            <option value="all">All types</option>
            {(types.data ?? []).map((t) => (
              <option key={t.code} value={t.code}>
                {t.code}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      {message && <Notice>{message}</Notice>}
      <ErrorText error={result.error ?? error} />
      <Table
        caption={`Partners (${result.data?.totalRecord ?? 0} found)`}
        rows={result.data?.data ?? (result.data ? [] : undefined)}
        rowKey={(p) => p.partnerID}
        pageSize={PAGE}
        columns={[
          { header: 'Partner id', cell: (p) => p.partnerID },
          { header: 'Organisation', cell: (p) => p.organizationName },
          { header: 'Type', cell: (p) => p.partnerType },
          { header: 'Approval', cell: (p) => <Status value={p.approvalStatus} /> },
          { header: 'Active', cell: (p) => (p.isActive ? 'yes' : 'no') },
          {
            header: 'Action',
            cell: (p) =>
              p.approvalStatus === 'approved' ? (
                <button type="button" onClick={() => setActive(p, !p.isActive)}>
                  {p.isActive ? 'Deactivate' : 'Activate'} <span className="sr-only">{p.partnerID}</span>
                </button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {pages > 1 && (
        <Pager
          page={criteria.page}
          pages={pages}
          label="Partner result pages"
          onPage={(page) => setCriteria({ ...criteria, page })}
        />
      )}
    </section>
  );
}
