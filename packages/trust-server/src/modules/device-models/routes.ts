import { type Static, Type } from '@sinclair/typebox';
import { principalOf } from '../../auth/guard.ts';
import { ROLES } from '../../auth/roles.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import type { TrustModule } from '../../http/module.ts';
import { PM, Str } from '../route-helpers.ts';
import {
  createDevice,
  createSbi,
  decideDevice,
  decideSbi,
  getDevice,
  getSbi,
  listDevices,
  listSbis,
  updateDevice,
  updateSbi,
} from './service.ts';

const TAGS = ['device models'];
const PROVIDER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];

const DeviceFields = { deviceTypeCode: Str(36), deviceSubTypeCode: Str(36), make: Str(36), model: Str(36) };
const DeviceCreate = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 36, pattern: '^[A-Za-z0-9._-]+$' })),
  deviceProviderId: Str(64),
  ...DeviceFields,
});
const DeviceUpdate = Type.Object({ id: Str(64), ...DeviceFields });
const Decision = Type.Object({ id: Str(64), approvalStatus: Str(16) });
const DateTime = Type.String({ minLength: 10, maxLength: 40 });
const SbiFields = {
  swBinaryHash: Str(256),
  swVersion: Str(64),
  swCreateDateTime: DateTime,
  swExpiryDateTime: DateTime,
};
const SbiCreate = Type.Object({ providerId: Str(64), ...SbiFields });
const SbiUpdate = Type.Object({ id: Str(64), ...SbiFields, isActive: Type.Optional(Type.Boolean()) });
const IdParams = Type.Object({ id: Str(64) });
const IdResponse = envelopeResponse(Type.Object({ id: Type.String() }));
const DeviceView = Type.Object({
  id: Type.String(),
  deviceProviderId: Type.String(),
  deviceTypeCode: Type.String(),
  deviceSubTypeCode: Type.String(),
  make: Type.String(),
  model: Type.String(),
  partnerOrganizationName: Type.String(),
  approvalStatus: Type.String(),
  isActive: Type.Boolean(),
  crBy: Type.String(),
  crDtimes: Type.String(),
});
const SbiView = Type.Object({
  id: Type.String(),
  providerId: Type.String(),
  swVersion: Type.String(),
  swBinaryHash: Type.String(),
  swCreateDateTime: Type.String(),
  swExpiryDateTime: Type.String(),
  partnerOrganizationName: Type.String(),
  approvalStatus: Type.String(),
  isActive: Type.Boolean(),
  crBy: Type.String(),
  crDtimes: Type.String(),
});

export const deviceModelsModule: TrustModule = {
  name: 'device-models',
  register(app, deps) {
    const provider = { access: roles(...PROVIDER_OR_ADMIN) };
    const admin = { access: roles(ROLES.PARTNER_ADMIN) };

    app.post<EnvelopedBody<typeof DeviceCreate>>(
      `${PM}/devicedetail`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: 'Register a device type, sub-type, make and model (pending_approval)',
          body: envelopeBody(DeviceCreate),
          response: { 200: IdResponse },
        },
      },
      async (request) => ok(request, await createDevice(deps, principalOf(request), request.body.request)),
    );
    app.put<EnvelopedBody<typeof DeviceUpdate>>(
      `${PM}/devicedetail`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: 'Change a device detail that is still pending',
          body: envelopeBody(DeviceUpdate),
          response: { 200: IdResponse },
        },
      },
      async (request) => ok(request, await updateDevice(deps, principalOf(request), request.body.request)),
    );
    app.patch<EnvelopedBody<typeof Decision>>(
      `${PM}/devicedetail`,
      {
        config: admin,
        schema: {
          tags: TAGS,
          summary: 'approvalStatus "Activate" approves, "De-activate" rejects; exactly one decision wins',
          body: envelopeBody(Decision),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await decideDevice(deps, principalOf(request), request.body.request)),
    );
    app.get(
      `${PM}/devicedetail`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: "The caller's device details (an admin sees all)",
          response: { 200: envelopeResponse(Type.Array(DeviceView)) },
        },
      },
      async (request) => ok(request, await listDevices(deps, principalOf(request))),
    );
    app.get<{ Params: Static<typeof IdParams> }>(
      `${PM}/devicedetail/:id`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: 'One device detail',
          params: IdParams,
          response: { 200: envelopeResponse(DeviceView) },
        },
      },
      async (request) => ok(request, await getDevice(deps, principalOf(request), request.params.id)),
    );

    app.post<EnvelopedBody<typeof SbiCreate>>(
      `${PM}/securebiometricinterface`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: 'Register a device service (SBI) version with its binary hash and validity',
          body: envelopeBody(SbiCreate),
          response: { 200: IdResponse },
        },
      },
      async (request) => ok(request, await createSbi(deps, principalOf(request), request.body.request)),
    );
    app.put<EnvelopedBody<typeof SbiUpdate>>(
      `${PM}/securebiometricinterface`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: 'Change an SBI version that is still pending (isActive is ignored: approval decides it)',
          body: envelopeBody(SbiUpdate),
          response: { 200: IdResponse },
        },
      },
      async (request) => ok(request, await updateSbi(deps, principalOf(request), request.body.request)),
    );
    app.patch<EnvelopedBody<typeof Decision>>(
      `${PM}/securebiometricinterface`,
      {
        config: admin,
        schema: {
          tags: TAGS,
          summary: 'approvalStatus "Activate" approves, "De-activate" rejects; exactly one decision wins',
          body: envelopeBody(Decision),
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) => ok(request, await decideSbi(deps, principalOf(request), request.body.request)),
    );
    app.get(
      `${PM}/securebiometricinterface`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: "The caller's SBI versions (an admin sees all)",
          response: { 200: envelopeResponse(Type.Array(SbiView)) },
        },
      },
      async (request) => ok(request, await listSbis(deps, principalOf(request))),
    );
    app.get<{ Params: Static<typeof IdParams> }>(
      `${PM}/securebiometricinterface/:id`,
      {
        config: provider,
        schema: {
          tags: TAGS,
          summary: 'One SBI version',
          params: IdParams,
          response: { 200: envelopeResponse(SbiView) },
        },
      },
      async (request) => ok(request, await getSbi(deps, principalOf(request), request.params.id)),
    );
  },
};
