import { call, PM } from '../api/client.ts';
import type { Partner } from '../api/types.ts';
import { hasRole, useSession } from '../session.tsx';
import { ErrorText, Status, useLoad, when } from '../ui/kit.tsx';
import { Link } from '../ui/router.tsx';
import { navFor } from './nav.ts';

/** Where a partner stands (approval, rejection reason); for staff, the pages they can use. */
export function HomePage() {
  const { me } = useSession();
  const partner = useLoad(
    async () =>
      me.partnerId ? call<Partner>('GET', `${PM}/partners/${encodeURIComponent(me.partnerId)}`) : undefined,
    [me.partnerId],
  );
  const staff = hasRole(me, 'PARTNER_ADMIN', 'POLICYMANAGER');
  return (
    <section>
      <h1>Welcome, {me.name}</h1>
      <ErrorText error={partner.error} />
      {!me.partnerId && !staff && (
        <p>
          Your account does not act for a partner yet. <Link to="/register">Register your organisation</Link>.
        </p>
      )}
      {partner.data && (
        <section className="panel" aria-labelledby="partner-title">
          <h2 id="partner-title">{partner.data.organizationName}</h2>
          <dl>
            <dt>Partner id</dt>
            <dd>{partner.data.partnerID}</dd>
            <dt>Type</dt>
            <dd>{partner.data.partnerType}</dd>
            <dt>Approval</dt>
            <dd>
              <Status value={partner.data.approvalStatus} />
              {partner.data.approvalStatus === 'InProgress' && ' awaiting the partner admin'}
            </dd>
            {partner.data.approvalStatus === 'rejected' && (
              <>
                <dt>Reason given</dt>
                <dd className="reason">{partner.data.rejectionReason || '—'}</dd>
              </>
            )}
            <dt>Active</dt>
            <dd>{partner.data.isActive ? 'yes' : 'no'}</dd>
            <dt>Registered</dt>
            <dd>{when(partner.data.createdDateTime)}</dd>
          </dl>
        </section>
      )}
      <ul className="cards">
        {navFor(me)
          .filter((item) => item.to !== '/')
          .map((item) => (
            <li key={item.to}>
              <Link to={item.to}>{item.label}</Link>
            </li>
          ))}
      </ul>
    </section>
  );
}
