/**
 * DeviceRegistry over HTTP: `GET <base>/v1/registereddevices/lookup?deviceCode=&serialNo=&deviceProviderId=`
 * answering `{"response": RegisteredDeviceRecord}` (200) or 404 when no such device is registered
 * (docs/verifier.md, "Registry over HTTP"). The shape is @mosip-trust/contracts' RegisteredDeviceLookupResponse.
 */
import { RegisteredDeviceRecord } from '@mosip-trust/contracts';
import type { DeviceLookup, DeviceRegistry } from './dependencies.ts';
import { VerifierError } from './errors.ts';

const STATUSES = new Set(['Registered', 'Revoked', 'Retired']);

/** TypeBox-shaped check without a validator dependency: every required key with its JSON type. */
function asRecord(value: unknown): RegisteredDeviceRecord {
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v !== 'object') throw new VerifierError('registry answer has no response object');
  for (const [key, schema] of Object.entries(RegisteredDeviceRecord.properties)) {
    const type = (schema as { type?: string }).type;
    const x = v[key];
    const ok =
      type === 'string'
        ? typeof x === 'string'
        : type === 'boolean'
          ? typeof x === 'boolean'
          : type === 'array'
            ? Array.isArray(x) && x.every((s) => typeof s === 'string')
            : typeof x === 'string';
    if (!ok) throw new VerifierError(`registry answer: ${key} is missing or has the wrong type`);
  }
  if (!STATUSES.has(v.status as string))
    throw new VerifierError(`registry answer: unknown status ${String(v.status)}`);
  if (v.purpose !== 'Auth' && v.purpose !== 'Registration')
    throw new VerifierError(`registry answer: unknown purpose ${String(v.purpose)}`);
  return v as unknown as RegisteredDeviceRecord;
}

export class HttpDeviceRegistry implements DeviceRegistry {
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly options: { headers?: Record<string, string>; timeoutMs?: number } = {},
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    } catch {
      throw new VerifierError(`invalid registry URL: ${baseUrl}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new VerifierError('registry URL must be http(s)');
    this.base = url;
  }

  async lookup(query: DeviceLookup): Promise<RegisteredDeviceRecord | undefined> {
    const url = new URL('v1/registereddevices/lookup', this.base);
    url.searchParams.set('deviceCode', query.deviceCode);
    url.searchParams.set('serialNo', query.serialNo);
    url.searchParams.set('deviceProviderId', query.deviceProviderId);
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...this.options.headers },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (res.status === 404) return undefined;
    if (!res.ok) throw new VerifierError(`registry answered HTTP ${res.status}`);
    let body: { response?: unknown };
    try {
      body = (await res.json()) as { response?: unknown };
    } catch {
      throw new VerifierError('registry answered without JSON');
    }
    return asRecord(body.response);
  }
}
