/**
 * A running device service: devices with identities from the state directory, registration (management
 * server or --dev development PKI), the MDS transport on 127.0.0.1:4501-4600 and the optional admin API.
 */

import { parseCertificate, pemToDerList } from '@mosip-trust/crypto';
import type { Logger } from 'pino';
import { CachedRecordSource, type RecordSource } from './capture/record-source.ts';
import { type AdminServer, startAdminServer } from './control/admin.ts';
import { Device } from './device.ts';
import { DeviceServiceError } from './errors.ts';
import { type MdsServer, startMdsServer } from './http/index.ts';
import { startCommandPolling } from './identity/command-poller.ts';
import { DevelopmentRegistrar } from './identity/development-registrar.ts';
import { HttpManagementClient, type ManagementClient } from './identity/management-client.ts';
import { developmentPki, factoryFtmRootPem } from './identity/pki.ts';
import {
  createDevice,
  type DeviceSpec,
  loadDevice,
  type ProviderInfo,
  registerDevice,
  rotateDeviceKey,
} from './identity/provisioning.ts';
import { StateStore } from './identity/state-store.ts';
import { createDeviceMetrics } from './metrics.ts';
import type { DeviceKind, Purpose } from './wire/model.ts';
import { allowedOriginsFrom } from './wire/origins.ts';
import { createProtocolHandler } from './wire/protocol.ts';

export interface DeviceServiceOptions {
  /** State directory (identities, keys encrypted at rest, development PKI). */
  stateDir: string;
  /** Devices to run, in deviceId order "1", "2", …; default: finger slap, single finger, iris double, face. */
  devices?: DeviceSpec[];
  /** Purpose of the default devices (default Registration). */
  purpose?: Purpose;
  /** Register offline against a development PKI in the state directory (env "Developer"). */
  dev?: boolean;
  /** Management server base URL, or a client; registers devices that are not registered yet. */
  managementServer?: string | ManagementClient;
  /** How often devices ask the management server (a URL) for queued commands (default 60 000 ms). */
  managementPollMs?: number;
  /** Certificate (PEM or DER) Auth captures are encrypted to; in --dev mode defaults to the development one. */
  encryptionCertificate?: string | Uint8Array;
  /** Where ISO records come from. */
  records: RecordSource;
  port?: number;
  portRange?: [number, number];
  /**
   * Origins that get CORS headers; default: MOSIP_MDS_ALLOWED_ORIGINS (comma-separated) from `env`,
   * else every origin ('*').
   */
  allowedOrigins?: string[] | '*';
  /** Admin API: token (>= 16 characters) and optional port (default: any free port). */
  admin?: { token: string; port?: number };
  provider?: Partial<ProviderInfo>;
  /** Device frame interval (default 100 ms = 10 fps). */
  frameIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export const DEFAULT_DEVICE_KINDS: readonly DeviceKind[] = [
  'finger-slap',
  'finger-single',
  'iris-double',
  'face',
];

/** The simulated devices' maker, unless `provider` says otherwise. */
export const DEFAULT_PROVIDER: Readonly<ProviderInfo> = {
  organization: 'MOSIP Trust Devices',
  deviceProviderId: 'MOSIP.TRUST.SBI',
  make: 'MOSIP Trust',
};

export interface DeviceSummary {
  deviceId: string;
  kind: DeviceKind;
  type: string;
  purpose: Purpose;
  serialNo: string;
  status: string;
  env: string;
  deviceSubId: string[];
  /** Why registration failed at start, when it did (the device stays "Not Registered"). */
  registrationError?: string;
}

function encryptionDer(input: string | Uint8Array): Buffer {
  const der = typeof input === 'string' ? pemToDerList(input)[0] : Buffer.from(input);
  if (!der) throw new DeviceServiceError('ERR_CONFIG', 'the encryption certificate holds no PEM certificate');
  const info = parseCertificate(der);
  if (info.notAfter.getTime() < Date.now())
    throw new DeviceServiceError('ERR_CONFIG', 'the encryption certificate has expired');
  if (info.publicKeyAlgorithm !== 'RSA' && !/rsa/i.test(info.publicKeyAlgorithm))
    throw new DeviceServiceError('ERR_CONFIG', 'the encryption certificate must carry an RSA key');
  return der;
}

export class DeviceService {
  private constructor(
    readonly devices: ReadonlyMap<string, Device>,
    private readonly server: MdsServer,
    private readonly admin: AdminServer | undefined,
    readonly stateDir: string,
    readonly encryptionCertificateDer: Buffer | undefined,
    private readonly registrationErrors: ReadonlyMap<string, string>,
    /** Origins browsers may call from ('*' = every origin). */
    readonly allowedOrigins: readonly string[] | '*',
  ) {}

  /** Stops asking the management server for commands. */
  private stopPolling: (() => void) | undefined;

  get port(): number {
    return this.server.port;
  }
  get adminPort(): number | undefined {
    return this.admin?.port;
  }

  /**
   * The PEM of the FTM root that issues the chips of the devices kept in `stateDir` (created when new):
   * what the FTM provider uploads as its chip model's certificate before the devices register.
   */
  static async factoryFtmRootPem(
    stateDir: string,
    provider: Partial<ProviderInfo> = {},
    env?: NodeJS.ProcessEnv,
  ): Promise<string> {
    return factoryFtmRootPem(await StateStore.open(stateDir, env), { ...DEFAULT_PROVIDER, ...provider });
  }

  static async start(opts: DeviceServiceOptions): Promise<DeviceService> {
    const allowedOrigins = allowedOriginsFrom(opts.allowedOrigins, opts.env ?? process.env);
    const store = await StateStore.open(opts.stateDir, opts.env);
    const provider: ProviderInfo = { ...DEFAULT_PROVIDER, ...opts.provider };
    const specs =
      opts.devices ?? DEFAULT_DEVICE_KINDS.map((kind) => ({ kind, purpose: opts.purpose ?? 'Registration' }));
    if (specs.length === 0) throw new DeviceServiceError('ERR_CONFIG', 'no devices to run');
    const dev = opts.dev ? await developmentPki(store, provider) : undefined;
    let client: ManagementClient | undefined;
    if (typeof opts.managementServer === 'string') client = new HttpManagementClient(opts.managementServer);
    else if (opts.managementServer) client = opts.managementServer;
    else if (dev) client = new DevelopmentRegistrar(dev.deviceProviderCa, provider.organization);
    const via = client instanceof DevelopmentRegistrar ? 'development' : 'management-server';

    const devices = new Map<string, Device>();
    const registrationErrors = new Map<string, string>();
    // The devices already made are loaded and checked first (a refused start creates none); new devices'
    // keys are then generated at once (on libuv's pool), after the FTM root they share.
    const made = await Promise.all(specs.map((spec, i) => loadDevice(store, String(i + 1), spec)));
    if (made.includes(undefined)) await factoryFtmRootPem(store, provider);
    const identities = await Promise.all(
      specs.map((spec, i) => made[i] ?? createDevice(store, String(i + 1), spec, provider)),
    );
    for (const identity of identities) {
      if (!identity.registration && client) {
        try {
          await registerDevice(store, identity, client, via);
        } catch (e) {
          // The device stays "Not Registered"; the service still starts (error 100 to callers).
          registrationErrors.set(identity.description.deviceId, (e as Error).message);
          opts.logger?.warn(
            { deviceId: identity.description.deviceId, code: (e as DeviceServiceError).code },
            `registration failed: ${(e as Error).message}`,
          );
        }
      }
      devices.set(identity.description.deviceId, new Device(identity));
    }

    // Explicit certificate first, then the development PKI's, then the one the management server delivered.
    const delivered = [...devices.values()].find((d) => d.identity.registration?.encryptionCertificatePem)
      ?.identity.registration?.encryptionCertificatePem;
    const encryption =
      opts.encryptionCertificate !== undefined
        ? encryptionDer(opts.encryptionCertificate)
        : (dev?.encryption.certificateDer ?? (delivered ? encryptionDer(delivered) : undefined));
    const records =
      opts.records instanceof CachedRecordSource ? opts.records : new CachedRecordSource(opts.records);
    let port = 0;
    const metrics = createDeviceMetrics(devices, opts.logger);
    const handler = createProtocolHandler({
      devices,
      records,
      encryptionCertificateDer: encryption,
      frameIntervalMs: opts.frameIntervalMs ?? 100,
      port: () => port,
      onCapture: (event) => metrics.capture(event),
    });
    const server = await startMdsServer({
      handler: metrics.wrap(handler),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.portRange ? { portRange: opts.portRange } : {}),
      allowedOrigins,
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
    port = server.port;

    let admin: AdminServer | undefined;
    if (opts.admin) {
      const needClient = (): ManagementClient => {
        if (!client) throw new DeviceServiceError('ERR_CONFIG', 'no management server and not in --dev mode');
        return client;
      };
      try {
        admin = await startAdminServer(
          opts.admin.token,
          {
            devices,
            rotateKey: (d) => rotateDeviceKey(store, d.identity, needClient()),
            register: (d) => registerDevice(store, d.identity, needClient(), via),
            deregister: async (d) => {
              d.identity.deregister();
              await d.identity.save(store);
            },
          },
          opts.admin.port,
        );
      } catch (e) {
        await server.close();
        throw e;
      }
    }
    const service = new DeviceService(
      devices,
      server,
      admin,
      store.dir,
      encryption,
      registrationErrors,
      allowedOrigins,
    );
    if (client instanceof HttpManagementClient)
      service.stopPolling = startCommandPolling(
        store,
        devices,
        client,
        opts.managementPollMs ?? 60_000,
        opts.logger,
      );
    return service;
  }

  summary(): DeviceSummary[] {
    return [...this.devices.values()].map((d) => ({
      ...(this.registrationErrors.has(d.id) && !d.identity.registration
        ? { registrationError: this.registrationErrors.get(d.id) }
        : {}),
      deviceId: d.id,
      kind: d.identity.description.kind,
      type: d.type,
      purpose: d.purpose,
      serialNo: d.identity.description.serialNo,
      status: d.status(),
      env: d.view().env,
      deviceSubId: d.subIds,
    }));
  }

  /** Stops every stream and capture, then the servers. */
  async close(): Promise<void> {
    this.stopPolling?.();
    for (const d of this.devices.values()) d.activity?.abort.abort();
    await Promise.all([this.server.close(), this.admin?.close()]);
  }
}
