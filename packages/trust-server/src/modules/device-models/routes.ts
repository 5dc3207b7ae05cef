import { DeviceDetailView, DeviceRowV2, pageV2Response, SbiRowV2, SbiVersionView } from '@mosip-trust/contracts';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { type Principal, ROLES } from '../../auth/roles.ts';
import type { TrustDeps } from '../../deps.ts';
import { type Routes, routeModule } from '../../http/route.ts';
import { Paging, PM, Str } from '../route-helpers.ts';
import { listDevicesV2, listSbisV2 } from './master-lists.ts';
import { createDevice, createSbi, decideDevice, decideSbi, getDevice, getSbi, listDevices, listSbis, updateDevice, updateSbi } from './service.ts';

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
const Id = Type.Object({ id: Type.String() });
const DECIDE = 'approvalStatus "Activate" approves, "De-activate" rejects; exactly one decision wins';
const Filter = (max: number) => Type.Optional(Str(max));
const ListedStatus = Type.Optional(Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('pending_approval'), Type.Literal('deactivated')]));
const MasterQuery = { ...Paging, sortFieldName: Filter(64), sortType: Filter(8), partnerId: Filter(64), orgName: Filter(128), sbiId: Filter(64), sbiVersion: Filter(64), status: ListedStatus };
const SbiQuery = Type.Object({ ...MasterQuery, sbiExpiryStatus: Type.Optional(Type.Union([Type.Literal('expired'), Type.Literal('valid')])), expiryPeriod: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })) });
const DeviceQuery = Type.Object({ ...MasterQuery, deviceType: Filter(36), deviceSubType: Filter(36), make: Filter(36), model: Filter(36), deviceId: Filter(64) });

/** MOSIP master's paged form of an item's list: its query, its row, and the lister. */
interface PagedList<Q extends TSchema> {
  query: Q;
  row: TSchema;
  list(deps: TrustDeps, caller: Principal, query: Static<Q>): Promise<unknown>;
}

/** An approvable item's service: register, change while pending, admin decision, list, one by id. */
interface ApprovableService<C extends TSchema, U extends TSchema> {
  create(deps: TrustDeps, caller: Principal, input: Static<C>): Promise<unknown>;
  update(deps: TrustDeps, caller: Principal, input: Static<U>): Promise<unknown>;
  decide(deps: TrustDeps, caller: Principal, input: Static<typeof Decision>): Promise<string>;
  list(deps: TrustDeps, caller: Principal): Promise<unknown>;
  get(deps: TrustDeps, caller: Principal, id: string): Promise<unknown>;
}

/**
 * One approvable item's five routes; `summaries` are those of create, update, list and get. The list answers the
 * 1.2 array without a query, and MOSIP master's page (`paged`) when the query names any of its members (the
 * newer portal always sends pageNo, pageSize and the sort).
 */
function registerApprovable<C extends TSchema, U extends TSchema, Q extends TSchema>(r: Routes, path: string, view: TSchema, bodies: [C, U], s: ApprovableService<C, U>, paged: PagedList<Q>, summaries: string[]) {
  const [create, update, list, get] = summaries as [string, string, string, string];
  const url = `${PM}/${path}`;
  r.post(url, PROVIDER_OR_ADMIN, create, { body: bodies[0], response: Id }, (c) => s.create(c.deps, c.actor, c.body));
  r.put(url, PROVIDER_OR_ADMIN, update, { body: bodies[1], response: Id }, (c) => s.update(c.deps, c.actor, c.body));
  r.patch(url, [ROLES.PARTNER_ADMIN], DECIDE, { body: Decision, response: Type.String() }, (c) => s.decide(c.deps, c.actor, c.body));
  r.get(url, PROVIDER_OR_ADMIN, list, { query: paged.query, response: Type.Union([Type.Array(view), pageV2Response(paged.row)]) }, (c) =>
    Object.keys(c.query as object).length > 0 ? paged.list(c.deps, c.actor, c.query) : s.list(c.deps, c.actor),
  );
  r.get(`${url}/:id`, PROVIDER_OR_ADMIN, get, { params: IdParams, response: view }, (c) => s.get(c.deps, c.actor, c.params.id));
}

export const deviceModelsModule = routeModule('device-models', ['device models'], (r) => {
  registerApprovable(
    r,
    'devicedetail',
    DeviceDetailView,
    [DeviceCreate, DeviceUpdate],
    { create: createDevice, update: updateDevice, decide: decideDevice, list: listDevices, get: getDevice },
    { query: DeviceQuery, row: DeviceRowV2, list: (deps, caller, q) => listDevicesV2(deps.db, caller, q) },
    [
      'Register a device type, sub-type, make and model (pending_approval)',
      'Change a device detail that is still pending',
      "The caller's device details (an admin sees all); paged as MOSIP master's list when the query names paging, sort or a filter",
      'One device detail',
    ],
  );
  registerApprovable(
    r,
    'securebiometricinterface',
    SbiVersionView,
    [SbiCreate, SbiUpdate],
    { create: createSbi, update: updateSbi, decide: decideSbi, list: listSbis, get: getSbi },
    { query: SbiQuery, row: SbiRowV2, list: (deps, caller, q) => listSbisV2(deps.db, caller, q, deps.clock.now()) },
    [
      'Register a device service (SBI) version with its binary hash and validity',
      'Change an SBI version that is still pending (isActive is ignored: approval decides it)',
      "The caller's SBI versions (an admin sees all); paged as MOSIP master's list when the query names paging, sort or a filter",
      'One SBI version',
    ],
  );
});
