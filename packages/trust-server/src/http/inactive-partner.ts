import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles.ts';
import { TrustError } from '../errors.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Onboarding itself: a partner awaiting approval uploads its certificate (which activates it in `certificate` mode);
 * its user gives the portal consent MOSIP master's portal asks for at the first sign-in (the user's, not the partner's).
 */
const ONBOARDING_WRITES = new Set([
  'POST /v1/partnermanager/partners/certificate/upload',
  'POST /v1/partnermanager/users/user-consent',
]);

/**
 * A partner that is not approved and active (awaiting approval, rejected or deactivated) may only read its
 * own records (the routes' access rules keep reads to its own): every other request of its users and
 * machine clients is refused (docs/trust-server.md, "Partner lifecycle"). Searches sent as POST are reads;
 * the caller's own account (who-am-I, password change, logout) stays usable, and so does the partner's own
 * certificate upload, the onboarding step that precedes approval (docs/trust-server.md, "Onboarding").
 */
export function assertPartnerMayAct(request: FastifyRequest, principal: Principal): void {
  if (!principal.partnerId || principal.partnerActive) return;
  if (READS.has(request.method) || request.routeOptions.config.allowOneTimePassword) return;
  if (request.method === 'POST' && request.routeOptions.url?.endsWith('/search')) return;
  if (ONBOARDING_WRITES.has(`${request.method} ${request.routeOptions.url}`)) return;
  throw new TrustError('TS_PARTNER_INACTIVE');
}
