import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { CREDENTIAL_TYPES } from '../../../domain/partner-types.ts';
import { TrustError } from '../../../errors.ts';
import { routeModule } from '../../../http/route.ts';
import { POL, Str } from '../../route-helpers.ts';
import { POLICY_TYPES } from '../documents.ts';

/**
 * MOSIP GET /policies/config/{key}: the configuration the portals read to build policy forms. MOSIP
 * answers any Spring property by name; this server answers only these keys (docs/pms-compatibility.md).
 */
const POLICY_CONFIG: Readonly<Record<string, unknown>> = {
  'policy.auth.allowed.token.types': 'random,partner,policy',
  'pmp.allowed.policy.types': POLICY_TYPES.join(','),
  'pmp.allowed.credential.types': CREDENTIAL_TYPES.join(','),
  'policy.allowed.kyc.attributes': {
    fullName: 'Full Name',
    dateOfBirth: 'Date Of Birth',
    gender: 'Gender',
    phone: 'Phone Number',
    email: 'Email ID',
    addressLine1: 'Address Line 1',
    addressLine2: 'Address Line 2',
    addressLine3: 'Address Line 3',
    region: 'Region',
    province: 'Province',
    city: 'City',
    postalCode: 'Postal Code',
    photo: 'Photo',
  },
};

const KeyParams = Type.Object({ key: Str(128) });

export const policyConfigModule = routeModule('policy-config', ['policies'], (r) => {
  r.get(
    `${POL}/policies/config/:key`,
    [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER],
    'A policy configuration value by key (MOSIP GET /policies/config/{key}); only policy keys',
    { params: KeyParams, response: Type.Object({ key: Type.String(), value: Type.Unknown() }) },
    ({ params: { key } }) => {
      if (!Object.hasOwn(POLICY_CONFIG, key)) throw new TrustError('TS_NOT_FOUND', `No policy configuration key ${key}.`);
      return { key, value: POLICY_CONFIG[key] };
    },
  );
});
