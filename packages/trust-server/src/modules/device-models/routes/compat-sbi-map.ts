import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import type { TrustModule } from '../../../http/module.ts';
import { PM, Str } from '../../route-helpers.ts';
import { mapDeviceToSbi, unmapDeviceFromSbi } from '../sbi-devices.ts';

const TAGS = ['device models'];
const DEVICE_ROLES = roles(ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER, ROLES.FTM_PROVIDER);
const Link = Type.Object({ deviceDetailId: Str(64), sbiId: Str(64) });

/** MOSIP 1.2's SBI-to-device mapping (its search is in the search module). */
export const sbiDeviceMapModule: TrustModule = {
  name: 'sbi-device-map',
  register(app, deps) {
    app.put<EnvelopedBody<typeof Link>>(
      `${PM}/securebiometricinterface/devicedetails/map`,
      {
        config: { access: DEVICE_ROLES },
        schema: {
          tags: TAGS,
          summary: 'Map an approved device model to an approved, active SBI version of the same provider ("Success", or "Mapping already exists")',
          body: envelopeBody(Link),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await mapDeviceToSbi(deps, principalOf(request), request.body.request)),
    );

    app.put<EnvelopedBody<typeof Link>>(
      `${PM}/securebiometricinterface/devicedetails/map/remove`,
      {
        config: { access: DEVICE_ROLES },
        schema: {
          tags: TAGS,
          summary: 'Remove a device model to SBI version mapping',
          body: envelopeBody(Link),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await unmapDeviceFromSbi(deps, principalOf(request), request.body.request)),
    );
  },
};
