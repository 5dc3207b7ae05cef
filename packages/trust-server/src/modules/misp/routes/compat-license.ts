import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { roles } from '../../../http/access.ts';
import { envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import type { TrustModule } from '../../../http/module.ts';
import { PM, Str } from '../../route-helpers.ts';
import { lookupLicense } from '../license-lookup.ts';

const MispParams = Type.Object({ mispId: Str(64) });

/** MOSIP 1.2's GET /misps/{mispId}/licenseKey (admin). */
export const mispLicenseLookupModule: TrustModule = {
  name: 'misp-license-lookup',
  register(app, deps) {
    app.get<{ Params: Static<typeof MispParams> }>(
      `${PM}/misps/:mispId/licenseKey`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: ['misp'],
          summary: "A MISP's live licence (its key prefix: keys are stored hashed), or a new licence whose key is shown once",
          params: MispParams,
          response: {
            200: envelopeResponse(
              Type.Object({
                providerId: Type.String(),
                licenseId: Type.String(),
                licenseKey: Type.Optional(Type.String()),
                licenseKeyPrefix: Type.String(),
                licenseKeyStatus: Type.String(),
                licenseKeyExpiry: Type.String(),
              }),
            ),
          },
        },
      },
      async (request) => ok(request, await lookupLicense(deps, principalOf(request), request.params.mispId)),
    );
  },
};
