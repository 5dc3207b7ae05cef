import { ALL_ROLES, ROLES } from '../../../src/index.ts';
import type { AccessModule, Caller } from './types.ts';

/**
 * The device registry's routes. Another provider's device answers as missing (404), which the registry's
 * own test checks (test/registered-devices.test.ts), so no route here is marked `ownership` (a 403).
 */
const MD = '/v1/masterdata';
const PM = '/v1/partnermanager';
const DEVICE: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];
/** Every role there is: MockMDS's certificate path serves any signed-in caller. */
const SIGNED_IN: Caller[] = [...ALL_ROLES];
const NO_DEVICE = 'deviceCode=no-such-device';

export const registryAccess: AccessModule = {
  table: {
    [`POST ${MD}/registereddevices`]: { allow: DEVICE },
    [`POST ${PM}/registereddevices`]: { allow: DEVICE },
    [`POST ${MD}/device/deregister`]: { allow: DEVICE },
    [`POST ${MD}/registereddevices/deregister`]: { allow: DEVICE },
    [`POST ${PM}/registereddevices/deregister`]: { allow: DEVICE },
    [`PUT ${MD}/registereddevices/update/status`]: {
      allow: DEVICE,
      query: `${NO_DEVICE}&statusCode=Revoked`,
    },
    [`GET ${MD}/registereddevices`]: { allow: DEVICE },
    [`GET ${MD}/registereddevices/:deviceCode`]: {
      allow: DEVICE,
      params: () => ({ deviceCode: 'no-such-device' }),
    },
    'GET /v1/registereddevices/lookup': {
      allow: [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER, ROLES.AUTH_PARTNER],
      query: `${NO_DEVICE}&serialNo=1&deviceProviderId=x`,
    },
    [`POST ${MD}/device/encryptioncertficates`]: { allow: DEVICE },
    'GET /idauthentication/v1/internal/getCertificate': {
      allow: SIGNED_IN,
      query: 'applicationId=IDA&referenceId=IDA-FIR',
    },
    'GET /v1/keymanager/getCertificate': {
      allow: SIGNED_IN,
      query: 'applicationId=IDA&referenceId=IDA-FIR',
    },
  },
};
