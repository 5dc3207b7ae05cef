import { DeviceDetailView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { PM, Str } from '../../route-helpers.ts';
import { addDeviceToSbi, approveDeviceForSbi, deactivateDevice, deactivateSbi, devicesOfSbi } from '../device-lifecycle.ts';

const PROVIDER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];
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
const Deactivated = (idField: 'deviceId' | 'sbiId') => Type.Object({ [idField]: Type.String(), status: Type.String(), isActive: Type.Boolean() });
const SBI = `${PM}/securebiometricinterface/:id`;

/** MOSIP master's (1.2.2/1.3 portal) device and SBI routes. */
export const deviceMasterModule = routeModule('device-master', ['device models'], (r, deps) => {
  r.post(`${SBI}/devices`, PROVIDER_OR_ADMIN, 'Add a device model (pending approval) to an approved, active, unexpired SBI of the provider', { params: IdParams, body: NewDevice, response: Type.Object({ id: Type.String() }) }, (c) =>
    addDeviceToSbi(deps, c.actor, c.params.id, c.body),
  );
  r.get(`${SBI}/devices`, PROVIDER_OR_ADMIN, 'The device models linked to an SBI', { params: IdParams, response: Type.Array(DeviceDetailView) }, (c) => devicesOfSbi(deps, c.actor, c.params.id));
  r.patch(SBI, PROVIDER_OR_ADMIN, 'status "De-Activate": the approved SBI and its linked devices stop being active, for good', { params: IdParams, body: Deactivation, response: Deactivated('sbiId') }, (c) =>
    deactivateSbi(deps, c.actor, c.params.id, c.body.status),
  );
  r.patch(`${PM}/devicedetail/:id`, PROVIDER_OR_ADMIN, 'status "De-Activate": the approved device model stops being active, for good', { params: IdParams, body: Deactivation, response: Deactivated('deviceId') }, (c) =>
    deactivateDevice(deps, c.actor, c.params.id, c.body.status),
  );
  r.post(`${PM}/devicedetail/:id/approval`, [ROLES.PARTNER_ADMIN], 'Approve or reject ("approved" / "rejected") a pending device model linked to the named SBI', { params: IdParams, body: Approval, response: Type.Boolean() }, (c) =>
    approveDeviceForSbi(deps, c.actor, c.params.id, c.body),
  );
});
