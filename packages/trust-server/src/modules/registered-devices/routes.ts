import { RegisteredDevicePage, RegisteredDeviceRecord, RegisteredDeviceView } from '@mosip-trust/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { ROLES } from '../../auth/roles.ts';
import { AUTHENTICATED, roles } from '../../http/access.ts';
import {
  type EnvelopedBody,
  envelopeBody,
  envelopeResponse,
  mosipTimestamp,
  ok,
} from '../../http/envelope.ts';
import { principalOf } from '../../http/guard.ts';
import type { TrustModule } from '../../http/module.ts';
import { PM, Str } from '../route-helpers.ts';
import {
  deregisterDevice,
  encryptionCertificates,
  getDevice,
  listDevices,
  lookupDevice,
  platformEncryptionCertificate,
  registerDevice,
  updateDeviceStatus,
} from './service.ts';

// The device registry's routes (docs/trust-server-capabilities.md, "Device registry"): MOSIP's paths and
// shapes, the spec's paths with masterdata's and PMS 1.1.5's as aliases.
const TAGS = ['device registry'];
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
const JwsResponse = envelopeResponse(Type.String());
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

export const registeredDevicesModule: TrustModule = {
  name: 'registered-devices',
  register(app, deps) {
    for (const url of [`${MD}/registereddevices`, `${PM}/registereddevices`]) {
      app.post<EnvelopedBody<typeof RegisterRequest>>(
        url,
        {
          config: { access: roles(...PROVIDER_OR_ADMIN) },
          schema: {
            tags: TAGS,
            summary:
              'Register a device from its provider-signed deviceData (both dialects); answers a JWS of {status, digitalId, deviceCode, timestamp, env}',
            body: envelopeBody(RegisterRequest),
            response: { 200: JwsResponse },
          },
        },
        async (request) =>
          ok(
            request,
            (await registerDevice(deps, principalOf(request), request.body.request.deviceData)).jws,
          ),
      );
    }

    for (const url of [
      `${MD}/device/deregister`,
      `${MD}/registereddevices/deregister`,
      `${PM}/registereddevices/deregister`,
    ]) {
      app.post<EnvelopedBody<typeof DeregisterRequest>>(
        url,
        {
          config: { access: roles(...PROVIDER_OR_ADMIN) },
          schema: {
            tags: TAGS,
            summary:
              'De-register (Retire) a device from the provider-signed {deviceCode, env}; answers a JWS',
            body: envelopeBody(DeregisterRequest),
            response: { 200: JwsResponse },
          },
        },
        async (request) =>
          ok(request, await deregisterDevice(deps, principalOf(request), request.body.request.device)),
      );
    }

    app.put<{ Querystring: Static<typeof StatusQuery> }>(
      `${MD}/registereddevices/update/status`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'Registered → Revoked (terminal) or Retired',
          querystring: StatusQuery,
          response: { 200: envelopeResponse(Type.String()) },
        },
      },
      async (request) =>
        ok(
          request,
          await updateDeviceStatus(
            deps,
            principalOf(request),
            request.query.deviceCode,
            request.query.statusCode,
          ),
        ),
    );

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      `${MD}/registereddevices`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary:
            "The caller's registered devices, filtered by status, type, model, serialNo (an admin sees all)",
          querystring: ListQuery,
          response: { 200: envelopeResponse(RegisteredDevicePage) },
        },
      },
      async (request) => ok(request, await listDevices(deps, principalOf(request), request.query)),
    );

    app.get<{ Params: Static<typeof DeviceParams> }>(
      `${MD}/registereddevices/:deviceCode`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'One registered device (another provider’s answers as missing)',
          params: DeviceParams,
          response: { 200: envelopeResponse(RegisteredDeviceView) },
        },
      },
      async (request) => ok(request, await getDevice(deps, principalOf(request), request.params.deviceCode)),
    );

    app.get<{ Querystring: Static<typeof LookupQuery> }>(
      '/v1/registereddevices/lookup',
      {
        config: { access: roles(ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER, ROLES.AUTH_PARTNER) },
        schema: {
          tags: TAGS,
          summary:
            'The registered device for capture verification (the verifier’s HttpDeviceRegistry); read on every call',
          querystring: LookupQuery,
          response: { 200: envelopeResponse(RegisteredDeviceRecord) },
        },
      },
      async (request) => ok(request, await lookupDevice(deps, principalOf(request), request.query)),
    );

    app.post<EnvelopedBody<typeof CertificateRequest>>(
      `${MD}/device/encryptioncertficates`,
      {
        config: { access: roles(...PROVIDER_OR_ADMIN) },
        schema: {
          tags: TAGS,
          summary: 'The encryption certificate for {env, domainUri} (spec path and spelling); answers a JWS',
          body: envelopeBody(CertificateRequest),
          response: { 200: JwsResponse },
        },
      },
      async (request) =>
        ok(request, await encryptionCertificates(deps, principalOf(request), request.body.request.data)),
    );

    // MockMDS's call (cookie Authorization=<token> from /v1/authmanager/authenticate/clientidsecretkey)
    // and the compliance toolkit's keymanager variant.
    for (const url of ['/idauthentication/v1/internal/getCertificate', '/v1/keymanager/getCertificate']) {
      app.get<{ Querystring: Static<typeof CertificateQuery> }>(
        url,
        {
          config: { access: AUTHENTICATED },
          schema: {
            tags: TAGS,
            summary: 'The platform encryption certificate (PEM) in keymanager’s shape, for IDA/IDA-FIR',
            querystring: CertificateQuery,
            response: { 200: KeymanagerCertificate },
          },
        },
        async (request) => ({
          id: null,
          version: null,
          responsetime: mosipTimestamp(),
          metadata: null,
          response: platformEncryptionCertificate(
            deps,
            request.query.applicationId,
            request.query.referenceId,
          ),
          errors: null,
        }),
      );
    }
  },
};
