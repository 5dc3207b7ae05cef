import { DeviceDetailView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { roles } from '../../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../../http/envelope.ts';
import { principalOf } from '../../../http/guard.ts';
import type { TrustModule } from '../../../http/module.ts';
import { PM, Str } from '../../route-helpers.ts';
import { addDeviceToSbi, approveDeviceForSbi, deactivateDevice, deactivateSbi, devicesOfSbi } from '../device-lifecycle.ts';

const TAGS = ['device models'];
const PROVIDER_OR_ADMIN = roles(ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER);
// The SBI's or device's id; named `id` as on the 1.2 routes that share these paths.
const IdParams = Type.Object({ id: Str(64) });
const NewDevice = Type.Object({
  deviceProviderId: Str(64),
  deviceTypeCode: Str(36),
  deviceSubTypeCode: Str(36),
  make: Str(36),
  model: Str(36),
});
const Approval = Type.Object({ partnerId: Str(64), sbiId: Str(64), status: Str(16) });
const Deactivation = Type.Object({ status: Str(16) });
const Deactivated = (idField: 'deviceId' | 'sbiId') => envelopeResponse(Type.Object({ [idField]: Type.String(), status: Type.String(), isActive: Type.Boolean() }));

/** MOSIP master's (1.2.2/1.3 portal) device and SBI routes. */
export const deviceMasterModule: TrustModule = {
  name: 'device-master',
  register(app, deps) {
    app.post<EnvelopedBody<typeof NewDevice> & { Params: Static<typeof IdParams> }>(
      `${PM}/securebiometricinterface/:id/devices`,
      {
        config: { access: PROVIDER_OR_ADMIN },
        schema: {
          tags: TAGS,
          summary: 'Add a device model (pending approval) to an approved, active, unexpired SBI of the provider',
          params: IdParams,
          body: envelopeBody(NewDevice),
          response: { 200: envelopeResponse(Type.Object({ id: Type.String() })) },
        },
      },
      async (request) => ok(request, await addDeviceToSbi(deps, principalOf(request), request.params.id, request.body.request)),
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      `${PM}/securebiometricinterface/:id/devices`,
      {
        config: { access: PROVIDER_OR_ADMIN },
        schema: {
          tags: TAGS,
          summary: 'The device models linked to an SBI',
          params: IdParams,
          response: { 200: envelopeResponse(Type.Array(DeviceDetailView)) },
        },
      },
      async (request) => ok(request, await devicesOfSbi(deps, principalOf(request), request.params.id)),
    );

    app.patch<EnvelopedBody<typeof Deactivation> & { Params: Static<typeof IdParams> }>(
      `${PM}/securebiometricinterface/:id`,
      {
        config: { access: PROVIDER_OR_ADMIN },
        schema: {
          tags: TAGS,
          summary: 'status "De-Activate": the approved SBI and its linked devices stop being active, for good',
          params: IdParams,
          body: envelopeBody(Deactivation),
          response: { 200: Deactivated('sbiId') },
        },
      },
      async (request) => ok(request, await deactivateSbi(deps, principalOf(request), request.params.id, request.body.request.status)),
    );

    app.patch<EnvelopedBody<typeof Deactivation> & { Params: Static<typeof IdParams> }>(
      `${PM}/devicedetail/:id`,
      {
        config: { access: PROVIDER_OR_ADMIN },
        schema: {
          tags: TAGS,
          summary: 'status "De-Activate": the approved device model stops being active, for good',
          params: IdParams,
          body: envelopeBody(Deactivation),
          response: { 200: Deactivated('deviceId') },
        },
      },
      async (request) => ok(request, await deactivateDevice(deps, principalOf(request), request.params.id, request.body.request.status)),
    );

    app.post<EnvelopedBody<typeof Approval> & { Params: Static<typeof IdParams> }>(
      `${PM}/devicedetail/:id/approval`,
      {
        config: { access: roles(ROLES.PARTNER_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Approve or reject ("approved" / "rejected") a pending device model linked to the named SBI',
          params: IdParams,
          body: envelopeBody(Approval),
          response: { 200: envelopeResponse(Type.Boolean()) },
        },
      },
      async (request) => ok(request, await approveDeviceForSbi(deps, principalOf(request), request.params.id, request.body.request)),
    );
  },
};
