import { DeviceDetailView, SbiVersionView } from '@mosip-trust/contracts';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type Principal, ROLES } from '../../auth/roles.ts';
import type { TrustDeps } from '../../deps.ts';
import { roles } from '../../http/access.ts';
import { type EnvelopedBody, envelopeBody, envelopeResponse, ok } from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
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
/** `recordVersion`: the version the admin reviewed (./reviewed-version.ts); optional because MOSIP's clients send none. */
const Decision = Type.Object({
  id: Str(64),
  approvalStatus: Str(16),
  recordVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
});
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

/** One approvable item's five routes: register, change while pending, admin decision, list, one by id. */
interface ApprovableRoutes<C extends TSchema, U extends TSchema> {
  path: string;
  view: TSchema;
  create: {
    body: C;
    summary: string;
    run: (deps: TrustDeps, caller: Principal, input: Static<C>) => Promise<unknown>;
  };
  update: {
    body: U;
    summary: string;
    run: (deps: TrustDeps, caller: Principal, input: Static<U>) => Promise<unknown>;
  };
  decide: (deps: TrustDeps, caller: Principal, input: Static<typeof Decision>) => Promise<string>;
  list: { summary: string; run: (deps: TrustDeps, caller: Principal) => Promise<unknown> };
  get: { summary: string; run: (deps: TrustDeps, caller: Principal, id: string) => Promise<unknown> };
}

function registerApprovable<C extends TSchema, U extends TSchema>(
  app: FastifyInstance,
  deps: TrustDeps,
  r: ApprovableRoutes<C, U>,
) {
  const provider = { access: roles(...PROVIDER_OR_ADMIN) };
  const admin = { access: roles(ROLES.PARTNER_ADMIN) };
  const path = `${PM}/${r.path}`;
  app.post<EnvelopedBody<C>>(
    path,
    {
      config: provider,
      schema: {
        tags: TAGS,
        summary: r.create.summary,
        body: envelopeBody(r.create.body),
        response: { 200: IdResponse },
      },
    },
    async (request) => ok(request, await r.create.run(deps, principalOf(request), request.body.request)),
  );
  app.put<EnvelopedBody<U>>(
    path,
    {
      config: provider,
      schema: {
        tags: TAGS,
        summary: r.update.summary,
        body: envelopeBody(r.update.body),
        response: { 200: IdResponse },
      },
    },
    async (request) => ok(request, await r.update.run(deps, principalOf(request), request.body.request)),
  );
  app.patch<EnvelopedBody<typeof Decision>>(
    path,
    {
      config: admin,
      schema: {
        tags: TAGS,
        summary: 'approvalStatus "Activate" approves, "De-activate" rejects; exactly one decision wins',
        body: envelopeBody(Decision),
        response: { 200: envelopeResponse(Type.String()) },
      },
    },
    async (request) => ok(request, await r.decide(deps, principalOf(request), request.body.request)),
  );
  app.get(
    path,
    {
      config: provider,
      schema: {
        tags: TAGS,
        summary: r.list.summary,
        response: { 200: envelopeResponse(Type.Array(r.view)) },
      },
    },
    async (request) => ok(request, await r.list.run(deps, principalOf(request))),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    `${path}/:id`,
    {
      config: provider,
      schema: {
        tags: TAGS,
        summary: r.get.summary,
        params: IdParams,
        response: { 200: envelopeResponse(r.view) },
      },
    },
    async (request) => ok(request, await r.get.run(deps, principalOf(request), request.params.id)),
  );
}

export const deviceModelsModule: TrustModule = {
  name: 'device-models',
  register(app, deps) {
    registerApprovable(app, deps, {
      path: 'devicedetail',
      view: DeviceDetailView,
      create: {
        body: DeviceCreate,
        summary: 'Register a device type, sub-type, make and model (pending_approval)',
        run: createDevice,
      },
      update: {
        body: DeviceUpdate,
        summary: 'Change a device detail that is still pending',
        run: updateDevice,
      },
      decide: decideDevice,
      list: { summary: "The caller's device details (an admin sees all)", run: listDevices },
      get: { summary: 'One device detail', run: getDevice },
    });
    registerApprovable(app, deps, {
      path: 'securebiometricinterface',
      view: SbiVersionView,
      create: {
        body: SbiCreate,
        summary: 'Register a device service (SBI) version with its binary hash and validity',
        run: createSbi,
      },
      update: {
        body: SbiUpdate,
        summary: 'Change an SBI version that is still pending (isActive is ignored: approval decides it)',
        run: updateSbi,
      },
      decide: decideSbi,
      list: { summary: "The caller's SBI versions (an admin sees all)", run: listSbis },
      get: { summary: 'One SBI version', run: getSbi },
    });
  },
};
