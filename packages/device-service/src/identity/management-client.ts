/**
 * Registration of a device with the trust server through the device provider's management server.
 * The device sends `deviceData`: a JWS signed by its FTM chip key (x5c = chip certificate) whose payload
 * names the device and carries the public half of the device key it generated; the management server
 * registers the device and answers with the deviceCode, the env and a device certificate issued for
 * that public key. Key rotation is the same call with a new key and the current deviceCode.
 */
import type {
  DeviceCommand,
  DeviceRegistrationPayload,
  DeviceRegistrationResult,
} from '@mosip-trust/contracts';
import { pemToDerList, validateChain, verifyJws } from '@mosip-trust/crypto';
import { DeviceServiceError } from '../errors.ts';
import { ENVS, type Env } from '../wire/model.ts';

export type { DeviceRegistrationPayload, DeviceRegistrationResult };

export interface ManagementClient {
  /** `deviceData` is a compact JWS over a DeviceRegistrationPayload, signed by the FTM chip key. */
  registerDevice(deviceData: string): Promise<DeviceRegistrationResult>;
}

function checkResult(value: unknown): DeviceRegistrationResult {
  const v = value as Partial<DeviceRegistrationResult> | null;
  if (
    !v ||
    typeof v.deviceCode !== 'string' ||
    v.deviceCode === '' ||
    typeof v.deviceCertificatePem !== 'string' ||
    !ENVS.includes(v.env as Env)
  ) {
    throw new DeviceServiceError(
      'ERR_MANAGEMENT_SERVER',
      'management server answer lacks deviceCode, env or deviceCertificatePem',
    );
  }
  if (pemToDerList(v.deviceCertificatePem).length === 0)
    throw new DeviceServiceError('ERR_MANAGEMENT_SERVER', 'management server answer holds no certificate');
  if (v.encryptionCertificatePem !== undefined && pemToDerList(v.encryptionCertificatePem).length === 0)
    throw new DeviceServiceError(
      'ERR_MANAGEMENT_SERVER',
      'management server encryption certificate is not PEM',
    );
  return {
    deviceCode: v.deviceCode,
    env: v.env as Env,
    deviceCertificatePem: v.deviceCertificatePem,
    ...(v.encryptionCertificatePem !== undefined
      ? { encryptionCertificatePem: v.encryptionCertificatePem }
      : {}),
    ...(v.signature !== undefined ? { signature: v.signature } : {}),
  };
}

/**
 * A signed answer: `signature` is a JWS over the JSON of the other fields, by a key whose certificate
 * the CA that issued the device certificate (the last certificate of deviceCertificatePem) issued, so
 * the device knows its own provider's management server answered (docs/device-service.md).
 */
async function checkSignature(result: DeviceRegistrationResult): Promise<void> {
  const { signature, ...fields } = result;
  if (signature === undefined) return;
  const chain = pemToDerList(result.deviceCertificatePem);
  const ca = chain[chain.length - 1];
  try {
    const verified = await verifyJws(signature);
    if (chain.length < 2 || !ca) throw new Error('deviceCertificatePem carries no issuing CA');
    await validateChain(verified.certificateDer, { domain: 'DEVICE', anchors: [ca] });
    if (verified.payload.toString('utf8') !== JSON.stringify(fields))
      throw new Error('signed fields differ from the answer');
  } catch (e) {
    throw new DeviceServiceError(
      'ERR_MANAGEMENT_SERVER',
      `management server answer signature: ${(e as Error).message}`,
    );
  }
}

/**
 * ManagementClient over HTTP: `POST <base>/v1/devices/register` with `{"deviceData":"<JWS>"}`, answer
 * `{"response":{deviceCode, env, deviceCertificatePem}}` or `{"errors":[{"errorCode","message"}]}`.
 * The answer may also carry the encryption certificate and a signature (checked when present);
 * packages/management-server is the server side of this contract.
 */
export class HttpManagementClient implements ManagementClient {
  private readonly base: URL;
  constructor(
    baseUrl: string,
    private readonly timeoutMs = 15_000,
  ) {
    try {
      this.base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    } catch {
      throw new DeviceServiceError('ERR_CONFIG', `invalid management server URL: ${baseUrl}`);
    }
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:')
      throw new DeviceServiceError('ERR_CONFIG', 'management server URL must be http(s)');
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new DeviceServiceError(
        'ERR_MANAGEMENT_SERVER',
        `management server ${this.base.origin} unreachable: ${(e as Error).message}`,
      );
    }
    let parsed: { response?: unknown; errors?: { errorCode?: string; message?: string }[] | null };
    try {
      parsed = (await res.json()) as typeof parsed;
    } catch {
      throw new DeviceServiceError(
        'ERR_MANAGEMENT_SERVER',
        `management server answered HTTP ${res.status} without JSON`,
      );
    }
    const err = parsed.errors?.[0];
    if (!res.ok || err)
      throw new DeviceServiceError(
        'ERR_MANAGEMENT_SERVER',
        `management server refused: ${err?.errorCode ?? res.status} ${err?.message ?? ''}`.trim(),
      );
    return parsed.response;
  }

  /** `POST <base>/v1/devices/commands` with a request JWS by the device key; the pending commands. */
  async fetchCommands(request: string): Promise<DeviceCommand[]> {
    const answer = await this.post('v1/devices/commands', { request });
    const kinds: readonly string[] = ['rotate-key', 'deregister', 'sbi-update'];
    if (
      !Array.isArray(answer) ||
      !answer.every(
        (c: Partial<DeviceCommand> | null) =>
          typeof c?.id === 'string' && kinds.includes(c.kind as string) && typeof c.details === 'object',
      )
    )
      throw new DeviceServiceError('ERR_MANAGEMENT_SERVER', 'management server commands are malformed');
    return answer as DeviceCommand[];
  }

  async registerDevice(deviceData: string): Promise<DeviceRegistrationResult> {
    const body = { response: await this.post('v1/devices/register', { deviceData }) };
    const result = checkResult(body.response);
    await checkSignature(result);
    return result;
  }
}
