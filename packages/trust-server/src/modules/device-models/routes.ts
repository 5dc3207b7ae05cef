import { DeviceDetailView, SbiVersionView } from '@mosip-trust/contracts';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { type Principal, ROLES } from '../../auth/roles.ts';
import type { TrustDeps } from '../../deps.ts';
import type { TrustModule } from '../../http/module.ts';
import { type Routes, routes } from '../../http/route.ts';
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
const Id = Type.Object({ id: Type.String() });
const DECIDE = 'approvalStatus "Activate" approves, "De-activate" rejects; exactly one decision wins';

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

function registerApprovable<C extends TSchema, U extends TSchema>(r: Routes, a: ApprovableRoutes<C, U>) {
  const path = `${PM}/${a.path}`;
  const { create, update } = a;
  r.post(path, PROVIDER_OR_ADMIN, create.summary, { body: create.body, response: Id }, (c) =>
    create.run(c.deps, c.actor, c.body),
  );
  r.put(path, PROVIDER_OR_ADMIN, update.summary, { body: update.body, response: Id }, (c) =>
    update.run(c.deps, c.actor, c.body),
  );
  r.patch(path, [ROLES.PARTNER_ADMIN], DECIDE, { body: Decision, response: Type.String() }, (c) =>
    a.decide(c.deps, c.actor, c.body),
  );
  r.get(path, PROVIDER_OR_ADMIN, a.list.summary, { response: Type.Array(a.view) }, (c) =>
    a.list.run(c.deps, c.actor),
  );
  r.get(`${path}/:id`, PROVIDER_OR_ADMIN, a.get.summary, { params: IdParams, response: a.view }, (c) =>
    a.get.run(c.deps, c.actor, c.params.id),
  );
}

export const deviceModelsModule: TrustModule = {
  name: 'device-models',
  register(app, deps) {
    const r = routes(app, deps, ['device models']);
    registerApprovable(r, {
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
    registerApprovable(r, {
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
