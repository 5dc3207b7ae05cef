import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { AUTHENTICATED } from '../../http/access.ts';
import { routeModule } from '../../http/route.ts';
import { NullableStr, PM } from '../route-helpers.ts';
import { systemConfig } from './system-config.ts';
import { giveUserConsent, userConsent } from './user-consent.ts';

const R = ROLES;
// MOSIP's userconsent role list.
const CONSENTING = [R.AUTH_PARTNER, R.ABIS_PARTNER, R.SDK_PARTNER, R.DEVICE_PROVIDER, R.FTM_PROVIDER, R.CREDENTIAL_PARTNER, R.PARTNER_ADMIN, R.ONLINE_VERIFICATION_PARTNER, R.POLICYMANAGER];
const Consent = Type.Object({ userId: Type.String(), consentGiven: Type.Boolean(), consentGivenDateTime: NullableStr });
const CONSENT = `${PM}/users/user-consent`;

/** MOSIP master's (1.2.2/1.3 portal) user consent and system configuration. */
export const portalMasterModule = routeModule('portal-master', ['accounts'], (r, deps) => {
  r.post(CONSENT, CONSENTING, "Record the caller's consent to the data the portal captures (asked once, after the first sign-in)", { response: Consent }, (c) => giveUserConsent(deps, c.actor));
  r.get(CONSENT, CONSENTING, 'Whether the caller gave its consent, and when', { response: Consent }, (c) => userConsent(deps, c.actor));
  r.get(`${PM}/system-config`, AUTHENTICATED, "The settings MOSIP master's portal reads at start (a map of strings)", { response: Type.Record(Type.String(), Type.String()) }, () => systemConfig(deps.config));
});
