/** Default limits and the validation of server options. */
import { DeviceServiceError } from '../errors.ts';
import type { MdsLimits, MdsServerOptions } from './types.ts';

export const DEFAULT_LIMITS: Readonly<MdsLimits> = Object.freeze({
  maxHeaderBytes: 16 * 1024,
  maxHeaderCount: 100,
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 64,
});

export const DEFAULT_PORT_RANGE: readonly [number, number] = [4501, 4600];

/** Options after validation, with every default filled in. */
export interface ResolvedOptions {
  handler: MdsServerOptions['handler'];
  /** Ports to try in order (a single one for a fixed port). */
  ports: number[];
  fixedPort: boolean;
  allowedOrigins: ReadonlySet<string> | '*';
  limits: MdsLimits;
  keepAlive: boolean;
  logger: MdsServerOptions['logger'];
}

function configError(message: string): DeviceServiceError {
  return new DeviceServiceError('ERR_CONFIG', message);
}

function isPort(n: unknown, allowZero: boolean): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= (allowZero ? 0 : 1) && n <= 65535;
}

/** An origin as browsers serialise it: scheme://host[:port], lower case, no path. */
function normaliseOrigin(origin: unknown): string {
  if (typeof origin !== 'string') throw configError('allowedOrigins entries must be strings');
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw configError(`allowedOrigins entry "${origin}" is not an origin (scheme://host[:port])`);
  }
  if (url.origin === 'null' || origin.replace(/\/$/, '').toLowerCase() !== url.origin) {
    throw configError(`allowedOrigins entry "${origin}" is not an origin (scheme://host[:port])`);
  }
  return url.origin;
}

export function resolveOptions(opts: MdsServerOptions): ResolvedOptions {
  if (opts === null || typeof opts !== 'object') throw configError('options must be an object');
  if (typeof opts.handler !== 'function') throw configError('handler must be a function');
  if (opts.host !== undefined && opts.host !== '127.0.0.1') {
    throw configError('host must be 127.0.0.1: the device service binds to loopback only');
  }
  if (opts.port !== undefined && opts.portRange !== undefined)
    throw configError('give port or portRange, not both');

  let ports: number[];
  if (opts.port !== undefined) {
    if (!isPort(opts.port, true)) throw configError('port must be an integer 0-65535');
    ports = [opts.port];
  } else {
    const range = opts.portRange ?? DEFAULT_PORT_RANGE;
    if (!Array.isArray(range) || range.length !== 2 || !isPort(range[0], false) || !isPort(range[1], false)) {
      throw configError('portRange must be [from, to] with ports 1-65535');
    }
    const [from, to] = range;
    if (from > to) throw configError('portRange start is above its end');
    ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }

  let allowedOrigins: ReadonlySet<string> | '*' = '*';
  if (opts.allowedOrigins !== undefined && opts.allowedOrigins !== '*') {
    if (!Array.isArray(opts.allowedOrigins))
      throw configError("allowedOrigins must be '*' or a list of origins");
    allowedOrigins = new Set(opts.allowedOrigins.map(normaliseOrigin));
  }

  const limits: MdsLimits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(opts.limits ?? {})) {
    if (!(key in DEFAULT_LIMITS)) throw configError(`unknown limit "${key}"`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw configError(`limit ${key} must be a positive integer`);
    }
    limits[key as keyof MdsLimits] = value;
  }
  if (limits.maxHeaderBytes < 256) throw configError('limit maxHeaderBytes must be at least 256');

  if (opts.keepAlive !== undefined && typeof opts.keepAlive !== 'boolean')
    throw configError('keepAlive must be a boolean');
  return {
    handler: opts.handler,
    ports,
    fixedPort: opts.port !== undefined,
    allowedOrigins,
    limits,
    keepAlive: opts.keepAlive ?? false,
    logger: opts.logger,
  };
}
