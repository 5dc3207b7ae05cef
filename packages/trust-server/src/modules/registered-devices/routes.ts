import { RegisteredDevicePage, RegisteredDeviceRecord, RegisteredDeviceView } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { AUTHENTICATED } from '../../http/access.ts';
import { mosipTimestamp } from '../../http/envelope.ts';
import { routeModule } from '../../http/route.ts';
import { PM, Str } from '../route-helpers.ts';
import { deregisterDevice, encryptionCertificates, getDevice, listDevices, lookupDevice, platformEncryptionCertificate, registerDevice, updateDeviceStatus } from './service.ts';

// The device registry's routes (docs/trust-server-capabilities.md, "Device registry"): MOSIP's paths and
// shapes, the spec's paths with masterdata's and PMS 1.1.5's as aliases.
const MD = '/v1/masterdata';
const PROVIDER_OR_ADMIN = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];
/** A compact JWS (or masterdata's bare base64): large enough for two certificate headers. */
const Jws = Type.String({ minLength: 1, maxLength: 65_536 });

const RegisterRequest = Type.Object({ deviceData: Jws });
const DeregisterRequest = Type.Object({ device: Jws });
const CertificateRequest = Type.Object({ data: Jws });
const StatusQuery = Type.Object({ deviceCode: Str(36), statusCode: Str(16) });
const ListQuery = Type.Object({
  status: Type.Optional(Str(16)),
  type: Type.Optional(Str(36)),
  model: Type.Optional(Str(36)),
  serialNo: Type.Optional(Str(64)),
  pageNo: Type.Optional(Type.Integer()),
  pageSize: Type.Optional(Type.Integer()),
});
const DeviceParams = Type.Object({ deviceCode: Str(36) });
const LookupQuery = Type.Object({ deviceCode: Str(36), serialNo: Str(64), deviceProviderId: Str(64) });
const CertificateQuery = Type.Object({ applicationId: Str(64), referenceId: Str(64) });
const KeymanagerCertificate = Type.Object({
  id: Type.Union([Type.String(), Type.Null()]),
  version: Type.Union([Type.String(), Type.Null()]),
  responsetime: Type.String(),
  metadata: Type.Null(),
  response: Type.Object({
    certificate: Type.String(),
    certSignRequest: Type.Null(),
    issuedAt: Type.String(),
    expiryAt: Type.String(),
    timestamp: Type.String(),
  }),
  errors: Type.Null(),
});

export const registeredDevicesModule = routeModule('registered-devices', ['device registry'], (r, deps) => {
  for (const url of [`${MD}/registereddevices`, `${PM}/registereddevices`]) {
    r.post(
      url,
      PROVIDER_OR_ADMIN,
      'Register a device from its provider-signed deviceData (both dialects); answers a JWS of {status, digitalId, deviceCode, timestamp, env}',
      { body: RegisterRequest, response: Type.String() },
      async (c) => (await registerDevice(deps, c.actor, c.body.deviceData)).jws,
    );
  }
  const deregister = [`${MD}/device/deregister`, `${MD}/registereddevices/deregister`, `${PM}/registereddevices/deregister`];
  for (const url of deregister) {
    r.post(url, PROVIDER_OR_ADMIN, 'De-register (Retire) a device from the provider-signed {deviceCode, env}; answers a JWS', { body: DeregisterRequest, response: Type.String() }, (c) => deregisterDevice(deps, c.actor, c.body.device));
  }
  r.put(`${MD}/registereddevices/update/status`, PROVIDER_OR_ADMIN, 'Registered → Revoked (terminal) or Retired', { query: StatusQuery, response: Type.String() }, (c) =>
    updateDeviceStatus(deps, c.actor, c.query.deviceCode, c.query.statusCode),
  );
  r.get(`${MD}/registereddevices`, PROVIDER_OR_ADMIN, "The caller's registered devices, filtered by status, type, model, serialNo (an admin sees all)", { query: ListQuery, response: RegisteredDevicePage }, (c) =>
    listDevices(deps, c.actor, c.query),
  );
  r.get(`${MD}/registereddevices/:deviceCode`, PROVIDER_OR_ADMIN, 'One registered device (another provider’s answers as missing)', { params: DeviceParams, response: RegisteredDeviceView }, (c) =>
    getDevice(deps, c.actor, c.params.deviceCode),
  );
  r.get(
    '/v1/registereddevices/lookup',
    [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER, ROLES.AUTH_PARTNER],
    'The registered device for capture verification (the verifier’s HttpDeviceRegistry); read on every call',
    { query: LookupQuery, response: RegisteredDeviceRecord },
    (c) => lookupDevice(deps, c.actor, c.query),
  );
  r.post(`${MD}/device/encryptioncertficates`, PROVIDER_OR_ADMIN, 'The encryption certificate for {env, domainUri} (spec path and spelling); answers a JWS', { body: CertificateRequest, response: Type.String() }, (c) =>
    encryptionCertificates(deps, c.actor, c.body.data),
  );
  // MockMDS's call (cookie Authorization=<token> from /v1/authmanager/authenticate/clientidsecretkey)
  // and the compliance toolkit's keymanager variant.
  for (const url of ['/idauthentication/v1/internal/getCertificate', '/v1/keymanager/getCertificate']) {
    r.get(url, AUTHENTICATED, 'The platform encryption certificate (PEM) in keymanager’s shape, for IDA/IDA-FIR', { query: CertificateQuery, raw: { 200: KeymanagerCertificate } }, ({ query }) => ({
      id: null,
      version: null,
      responsetime: mosipTimestamp(),
      metadata: null,
      response: platformEncryptionCertificate(deps, query.applicationId, query.referenceId),
      errors: null,
    }));
  }
});
