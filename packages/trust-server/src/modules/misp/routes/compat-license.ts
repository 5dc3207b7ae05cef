import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { PM, Str } from '../../route-helpers.ts';
import { lookupLicense } from '../license-lookup.ts';

const MispParams = Type.Object({ mispId: Str(64) });
const License = Type.Object({
  providerId: Type.String(),
  licenseId: Type.String(),
  licenseKey: Type.Optional(Type.String()),
  licenseKeyPrefix: Type.String(),
  licenseKeyStatus: Type.String(),
  licenseKeyExpiry: Type.String(),
});

/** MOSIP 1.2's GET /misps/{mispId}/licenseKey (admin). */
export const mispLicenseLookupModule = routeModule('misp-license-lookup', ['misp'], (r, deps) => {
  r.get(`${PM}/misps/:mispId/licenseKey`, [ROLES.PARTNER_ADMIN], "A MISP's live licence (its key prefix: keys are stored hashed), or a new licence whose key is shown once", { params: MispParams, response: License }, (c) =>
    lookupLicense(deps, c.actor, c.params.mispId),
  );
});
