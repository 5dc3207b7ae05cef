import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../auth/roles.ts';
import { routeModule } from '../../../http/route.ts';
import { PM, Str } from '../../route-helpers.ts';
import { mapDeviceToSbi, unmapDeviceFromSbi } from '../sbi-devices.ts';

const DEVICE_ROLES = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER, ROLES.FTM_PROVIDER];
const Link = Type.Object({ deviceDetailId: Str(64), sbiId: Str(64) });
const MAP = `${PM}/securebiometricinterface/devicedetails/map`;

/** MOSIP 1.2's SBI-to-device mapping (its search is in the search module). */
export const sbiDeviceMapModule = routeModule('sbi-device-map', ['device models'], (r, deps) => {
  r.put(MAP, DEVICE_ROLES, 'Map an approved device model to an approved, active SBI version of the same provider ("Success", or "Mapping already exists")', { body: Link, response: Type.String() }, (c) =>
    mapDeviceToSbi(deps, c.actor, c.body),
  );
  r.put(`${MAP}/remove`, DEVICE_ROLES, 'Remove a device model to SBI version mapping', { body: Link, response: Type.String() }, (c) => unmapDeviceFromSbi(deps, c.actor, c.body));
});
