/**
 * The management server's HTTP surface (docs/management-server.md). Two audiences:
 * - devices: POST /v1/devices/register, POST /v1/devices/commands, GET /v1/time, GET /v1/provider-ca;
 * - the provider's operators (bearer operator token): /v1/fleet…;
 * - monitoring: GET /metrics (Prometheus text; no device or provider ids in labels).
 * There is deliberately no capture, rcapture or stream route, nothing that forwards a request to a
 * device service, and no field that carries biometric data: MDS 0.9.5 forbids the management server
 * from triggering a capture (test/api-surface.test.ts asserts it).
 */
import { timingSafeEqual } from 'node:crypto';
import { DeviceCommandsRequestSchema, DeviceRegistrationRequestSchema } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ManagementError } from '../errors.ts';
import {
  deliverCommands,
  deregister,
  type FleetDeps,
  getDevice,
  listFleet,
  registerFromDevice,
  triggerKeyRotation,
  triggerSbiUpdate,
  trustedTime,
} from '../fleet.ts';
import { registerMetrics } from './metrics.ts';

const DeviceCodeParams = Type.Object({ deviceCode: Type.String({ minLength: 1, maxLength: 36 }) });
const SbiUpdateBody = Type.Object(
  {
    deviceCodes: Type.Array(Type.String({ minLength: 1, maxLength: 36 }), { minItems: 1, maxItems: 10_000 }),
    swVersion: Type.String({ minLength: 1, maxLength: 64 }),
    swBinaryHash: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export interface AppOptions {
  /** The fleet's dependencies, or the sign-in that yields them: every route waits for it. */
  deps: FleetDeps | (() => Promise<FleetDeps>);
  /** Operator bearer token; without one the /v1/fleet routes answer 401. */
  operatorToken?: string;
  logger?: boolean;
}

function operatorGuard(token: string | undefined) {
  const expected = token ? Buffer.from(token) : undefined;
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ManagementError('MGMT_UNAUTHORIZED');
  };
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  // No type coercion: a number where a JWS string belongs is a bad request, not the string "5".
  // Route schemas are ours and fixed: ajv does not validate them against the JSON Schema meta-schema,
  // whose compilation was most of the server's start (docs/performance.md, round 7).
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, validateSchema: false } },
  });
  const given = opts.deps;
  const deps = typeof given === 'function' ? given : async () => given;

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ManagementError)
      return reply
        .status(error.status)
        .send({ response: null, errors: [{ errorCode: error.code, message: error.message }] });
    const e = error as { validation?: unknown; statusCode?: number; message?: string };
    if (e.validation || (e.statusCode && e.statusCode >= 400 && e.statusCode < 500))
      return reply.status(e.statusCode && e.statusCode !== 500 ? e.statusCode : 400).send({
        response: null,
        errors: [{ errorCode: 'MGMT_INVALID_REQUEST', message: e.message ?? 'invalid request' }],
      });
    request.log.error({ err: error }, 'unexpected error');
    return reply
      .status(500)
      .send({ response: null, errors: [{ errorCode: 'MGMT_INTERNAL', message: 'Internal error' }] });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply
      .status(404)
      .send({ response: null, errors: [{ errorCode: 'MGMT_NOT_FOUND', message: 'No such route' }] }),
  );

  const metrics = registerMetrics(app);

  // Devices.
  app.post('/v1/devices/register', { schema: { body: DeviceRegistrationRequestSchema } }, async (request) => {
    const fleet = await deps();
    return {
      response: await metrics.registration(() =>
        registerFromDevice(fleet, (request.body as { deviceData: string }).deviceData),
      ),
      errors: null,
    };
  });
  app.post('/v1/devices/commands', { schema: { body: DeviceCommandsRequestSchema } }, async (request) => ({
    response: await deliverCommands(await deps(), (request.body as { request: string }).request),
    errors: null,
  }));
  app.get('/v1/time', async () => ({ response: await trustedTime(await deps()), errors: null }));
  app.get('/v1/provider-ca', async (_request, reply) =>
    reply.type('application/x-pem-file').send((await deps()).keys.ca.certificatePem),
  );

  // Operators.
  const guard = operatorGuard(opts.operatorToken);
  app.get('/v1/fleet', { preHandler: guard }, async () => ({
    response: await listFleet(await deps()),
    errors: null,
  }));
  app.get(
    '/v1/fleet/:deviceCode',
    { preHandler: guard, schema: { params: DeviceCodeParams } },
    async (request) => ({
      response: await getDevice(await deps(), (request.params as { deviceCode: string }).deviceCode),
      errors: null,
    }),
  );
  app.post(
    '/v1/fleet/:deviceCode/rotate-key',
    { preHandler: guard, schema: { params: DeviceCodeParams } },
    async (request) => ({
      response: await triggerKeyRotation(await deps(), (request.params as { deviceCode: string }).deviceCode),
      errors: null,
    }),
  );
  app.post(
    '/v1/fleet/:deviceCode/deregister',
    { preHandler: guard, schema: { params: DeviceCodeParams } },
    async (request) => ({
      response: await deregister(await deps(), (request.params as { deviceCode: string }).deviceCode),
      errors: null,
    }),
  );
  app.post(
    '/v1/fleet/sbi-update',
    { preHandler: guard, schema: { body: SbiUpdateBody } },
    async (request) => {
      const { deviceCodes, swVersion, swBinaryHash } = request.body as {
        deviceCodes: string[];
        swVersion: string;
        swBinaryHash: string;
      };
      return {
        response: await triggerSbiUpdate(await deps(), deviceCodes, { swVersion, swBinaryHash }),
        errors: null,
      };
    },
  );
  return app;
}
