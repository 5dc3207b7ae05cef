/**
 * The trust server, over HTTP only: client-credentials login with the provider's machine credentials,
 * then the registered-device API in MOSIP's shapes (docs/management-server.md): registration, de-registration,
 * encryption-certificate retrieval, and the provider's approved SBI versions. Requests that MOSIP
 * signs with the device provider's key are signed with the management server's signing key.
 */
import { type JwsSigner, millisTimestamp, signJws, verifyJws } from '@mosip-trust/crypto';
import { ManagementError } from './errors.ts';

export interface TrustClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

export interface Me {
  partnerId: string;
  roles: string[];
}

export interface RegistrationAnswer {
  deviceCode: string;
  env: string;
  status: string;
}

interface Enveloped<T> {
  response?: T;
  errors?: { errorCode?: string; message?: string }[] | null;
}

const envelope = (id: string, request: unknown) => ({
  id,
  version: '1.0',
  requesttime: millisTimestamp(),
  metadata: {},
  request,
});

export class TrustClient {
  private token: string | undefined;
  private readonly base: URL;
  constructor(private readonly opts: TrustClientOptions) {
    try {
      this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
    } catch {
      throw new ManagementError('MGMT_CONFIG', `invalid trust server URL: ${opts.baseUrl}`);
    }
  }

  get origin(): string {
    return this.base.origin;
  }

  private async send<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
    const token = this.token ?? (await this.login());
    let res: Response;
    try {
      res = await fetch(new URL(path.replace(/^\//, ''), this.base), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new ManagementError('MGMT_TRUST_SERVER', `trust server unreachable: ${(e as Error).message}`);
    }
    if (res.status === 401 && retry) {
      this.token = undefined;
      return this.send(method, path, body, false);
    }
    let parsed: Enveloped<T>;
    try {
      parsed = (await res.json()) as Enveloped<T>;
    } catch {
      throw new ManagementError(
        'MGMT_TRUST_SERVER',
        `trust server answered HTTP ${res.status} to ${path} without JSON`,
      );
    }
    const err = parsed.errors?.[0];
    if (!res.ok || err || parsed.response === undefined)
      throw new ManagementError(
        'MGMT_TRUST_SERVER',
        `trust server refused ${method} ${path}: ${err?.errorCode ?? `HTTP ${res.status}`} ${err?.message ?? ''}`.trim(),
      );
    return parsed.response;
  }

  /** POST /v1/authmanager/authenticate/clientidsecretkey; the token is in the `authorization` header. */
  async login(): Promise<string> {
    let res: Response;
    try {
      res = await fetch(new URL('v1/authmanager/authenticate/clientidsecretkey', this.base), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          envelope('mosip.io.clientId.pwd', {
            appId: 'partner',
            clientId: this.opts.clientId,
            secretKey: this.opts.clientSecret,
          }),
        ),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new ManagementError('MGMT_TRUST_SERVER', `trust server unreachable: ${(e as Error).message}`);
    }
    const token = res.headers.get('authorization');
    if (!res.ok || !token) {
      const body = (await res.json().catch(() => ({}))) as Enveloped<unknown>;
      throw new ManagementError(
        'MGMT_TRUST_SERVER',
        `client-credentials login refused: ${body.errors?.[0]?.errorCode ?? `HTTP ${res.status}`}`,
      );
    }
    this.token = token;
    return token;
  }

  me(): Promise<Me> {
    return this.send<Me>('GET', '/v1/trust/auth/me');
  }

  async organizationName(partnerId: string): Promise<string> {
    const p = await this.send<{ organizationName?: string }>(
      'GET',
      `/v1/partnermanager/partners/${encodeURIComponent(partnerId)}`,
    );
    if (!p.organizationName)
      throw new ManagementError('MGMT_TRUST_SERVER', 'partner has no organization name');
    return p.organizationName;
  }

  /**
   * POST /v1/masterdata/registereddevices, spec/PMS dialect: `deviceData` is a JWS by the provider key
   * over {deviceId, purpose, deviceInfo (the device's JWS), foundationalTrustProviderId}. The answer is a
   * compact JWS over {status, digitalId, deviceCode, timestamp, env} (its signature is checked).
   */
  async registerDevice(
    signer: JwsSigner,
    data: { deviceId: string; purpose: string; deviceInfo: string; foundationalTrustProviderId: string },
  ): Promise<RegistrationAnswer> {
    const deviceData = await signJws(JSON.stringify(data), signer);
    const answer = await this.send<unknown>(
      'POST',
      '/v1/masterdata/registereddevices',
      envelope('io.mosip.deviceregister', { deviceData }),
    );
    const payload = await signedPayload(answer, 'registration');
    const deviceCode = payload.deviceCode;
    const env = payload.env;
    if (typeof deviceCode !== 'string' || deviceCode === '' || typeof env !== 'string')
      throw new ManagementError('MGMT_TRUST_SERVER', 'registration answer lacks deviceCode or env');
    return { deviceCode, env, status: String(payload.status ?? '') };
  }

  /** POST /v1/masterdata/device/deregister with `device` = JWS({deviceCode, env}) by the provider key. */
  async deregisterDevice(signer: JwsSigner, deviceCode: string, env: string): Promise<void> {
    const device = await signJws(JSON.stringify({ deviceCode, env }), signer);
    const answer = await this.send<unknown>(
      'POST',
      '/v1/masterdata/device/deregister',
      envelope('io.mosip.devicederegister', { device }),
    );
    await signedPayload(answer, 'de-registration');
  }

  /**
   * POST /v1/masterdata/device/encryptioncertficates (the spec's spelling): request JWS({env, domainUri});
   * answer JWS([{certificate}]). Returns the certificate as PEM.
   */
  async encryptionCertificate(signer: JwsSigner, env: string, domainUri: string): Promise<string> {
    const data = await signJws(JSON.stringify({ env, domainUri }), signer);
    const answer = await this.send<unknown>(
      'POST',
      '/v1/masterdata/device/encryptioncertficates',
      envelope('io.mosip.auth.country.certificate', { data }),
    );
    const list = await signedPayload(answer, 'encryption certificate');
    const first = Array.isArray(list) ? (list[0] as { certificate?: unknown } | undefined) : undefined;
    if (typeof first?.certificate !== 'string')
      throw new ManagementError('MGMT_TRUST_SERVER', 'encryption certificate answer holds no certificate');
    const cert = first.certificate;
    if (cert.includes('BEGIN CERTIFICATE')) return cert.endsWith('\n') ? cert : `${cert}\n`;
    const b64 = Buffer.from(cert.replace(/\s+/g, ''), 'base64').toString('base64');
    return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
  }

  /** The provider's SBI versions as the trust server lists them. */
  sbiVersions(): Promise<
    { swVersion: string; swBinaryHash: string; approvalStatus: string; isActive: boolean }[]
  > {
    return this.send('GET', '/v1/partnermanager/securebiometricinterface');
  }
}

/** The payload of a signed answer (a compact JWS string); its signature must verify with its x5c. */
async function signedPayload(answer: unknown, what: string): Promise<Record<string, unknown>> {
  if (typeof answer !== 'string')
    throw new ManagementError('MGMT_TRUST_SERVER', `${what} answer is not a signed JWS`);
  try {
    const verified = await verifyJws(answer);
    return JSON.parse(verified.payload.toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ManagementError('MGMT_TRUST_SERVER', `${what} answer signature: ${(e as Error).message}`);
  }
}
