/**
 * The whole development platform in this process (`mosip-trust up`, `mosip-trust demo`): the trust server
 * with the portal, a device provider's management server and a device service whose devices register
 * through it. The three talk over HTTP only, as separate processes would; sharing one process saves two
 * Node starts and two module graphs (docs/performance.md).
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  biometricRecordSource,
  DEFAULT_DEVICE_KINDS,
  DEFAULT_PROVIDER,
  DEVICE_KINDS,
  type DeviceKind,
  DeviceService,
  KIND_FACTS,
  type Purpose,
  SERVICE_VERSION,
} from '@mosip-trust/device-service';
import { type ManagementServer, startManagementServer } from '@mosip-trust/management-server';
import {
  ensureFirstAdmin,
  onboardDeviceMaker,
  type StartOptions,
  startTrustServer,
  systemActor,
  type TrustConfig,
  type TrustServer,
  uploadCaCertificates,
} from '@mosip-trust/trust-server';
import type { Logger } from 'pino';
import { type PlatformState, readPlatformState, writePlatformState } from './state.ts';

export const FIRST_ADMIN = 'admin';
/** How long after a later start the management server signs in if no request made it do so before. */
const SIGN_IN_AFTER_MS = 1000;
/** The FTM provider of the simulated devices' chips, onboarded beside their device provider. */
const FTM_PROVIDER_ID = 'MOSIP.TRUST.FTM';

/**
 * The devices per purpose. Auth devices answer on deviceSubId 0 only (CTK, MockMDS), which the trust
 * server's registry accepts for single-capture devices: an Auth platform runs MockMDS's Auth set.
 */
const KINDS: Record<Purpose, readonly DeviceKind[]> = {
  Registration: DEFAULT_DEVICE_KINDS,
  Auth: ['finger-single', 'iris-single', 'face'],
};

export interface PlatformOptions {
  /** Everything is kept under it: trust-server/, management-server/, device-service/, platform.json. */
  dataRoot: string;
  config: TrustConfig;
  trustLogger: StartOptions['logger'];
  logger: Logger;
  purpose: Purpose;
  portRange: [number, number];
  /** The management server's port (0 = any free port). */
  managementPort: number;
  allowedOrigins?: string[];
}

export interface Platform {
  server: TrustServer;
  management: ManagementServer;
  devices: DeviceService;
  state: PlatformState;
  /** Set on the start that created the first admin: its generated one-time password. */
  firstAdmin?: { user: string; oneTimePassword: string };
  /** True on the start that onboarded the device maker. */
  onboarded: boolean;
  /**
   * The management server's sign-in to the trust server: settled on the first start; on a later start
   * it is still running when the platform answers. It rejects with the reason the platform cannot work.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Onboards the simulated devices' FTM provider and device provider, as the system administrator
 * `cli:up` through the trust server's services (each step audited): the chip model with the device
 * service's FTM root, one device model per device kind, the SBI version, the management server's client.
 */
async function onboard(server: TrustServer, deviceState: string): Promise<PlatformState> {
  const chipCaPem = await DeviceService.factoryFtmRootPem(deviceState);
  const organizationName = DEFAULT_PROVIDER.organization;
  const { clientId, secretKey } = await onboardDeviceMaker(server.deps, systemActor('cli:up'), {
    ftm: {
      partnerId: FTM_PROVIDER_ID,
      organizationName,
      emailId: 'ftm@devices.mosip-trust.example',
      chipModel: 'FTM Chip 1',
      chipCaPem,
    },
    provider: {
      partnerId: DEFAULT_PROVIDER.deviceProviderId,
      organizationName,
      emailId: 'provider@devices.mosip-trust.example',
      // Every kind's model, so that either purpose's devices register.
      models: DEVICE_KINDS.map((kind) => ({
        type: KIND_FACTS[kind].type,
        subType: KIND_FACTS[kind].deviceSubType,
        make: DEFAULT_PROVIDER.make,
        model: KIND_FACTS[kind].model,
      })),
      sbiVersion: SERVICE_VERSION,
    },
    clientName: 'management server (mosip-trust up)',
  });
  return {
    ftmProviderId: FTM_PROVIDER_ID,
    deviceProviderId: DEFAULT_PROVIDER.deviceProviderId,
    clientId,
    clientSecret: secretKey,
    providerCaTrusted: false,
  };
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  mkdirSync(opts.dataRoot, { recursive: true, mode: 0o700 });
  const deviceState = join(opts.dataRoot, 'device-service');
  const server = await startTrustServer(opts.config, { logger: opts.trustLogger });
  const opened: { close(): Promise<void> }[] = [server];
  const closeAll = async () => {
    for (const o of opened.reverse()) await o.close();
  };
  try {
    const admin = await ensureFirstAdmin(server.deps, systemActor('cli:up'), { username: FIRST_ADMIN });
    let state = readPlatformState(opts.dataRoot);
    const onboarded = state === undefined;
    if (!state) {
      state = await onboard(server, deviceState);
      writePlatformState(opts.dataRoot, state);
    }
    const management = await startManagementServer({
      port: opts.managementPort,
      dataDir: join(opts.dataRoot, 'management-server'),
      trustServer: server.url,
      clientId: state.clientId,
      clientSecret: state.clientSecret,
      ftmTrustPem: await DeviceService.factoryFtmRootPem(deviceState),
      ftmProviderId: state.ftmProviderId,
    });
    opened.push(management);
    const dataRoot = opts.dataRoot;
    const signIn = () =>
      management.signIn().then(
        () => undefined,
        (e: unknown) => {
          // The usual cause: the trust server's store was removed but not the rest of the data directory.
          if ((e as { code?: string }).code !== 'MGMT_TRUST_SERVER') throw e;
          throw new Error(
            `the management server cannot sign in to the trust server with the client in ${join(dataRoot, 'platform.json')} (${(e as Error).message}); if ${join(dataRoot, 'trust-server')} was removed, remove ${dataRoot} to start over`,
          );
        },
      );
    let ready: Promise<void> | undefined;
    if (!state.providerCaTrusted) {
      // Device certificates the management server issues chain to its provider CA (created by its
      // sign-in): a DEVICE anchor.
      ready = signIn();
      await ready;
      await uploadCaCertificates(server.deps, systemActor('cli:up'), {
        certificateData: await readFile(management.providerCaPath, 'utf8'),
        partnerDomain: 'DEVICE',
      });
      state = { ...state, providerCaTrusted: true };
      writePlatformState(opts.dataRoot, state);
    }
    const devices = await DeviceService.start({
      stateDir: deviceState,
      devices: KINDS[opts.purpose].map((kind) => ({ kind, purpose: opts.purpose })),
      managementServer: management.url,
      logger: opts.logger,
      encryptionCertificate: server.deps.keys.encryption.certificateDer,
      records: biometricRecordSource(),
      portRange: opts.portRange,
      ...(opts.allowedOrigins ? { allowedOrigins: opts.allowedOrigins } : {}),
    });
    opened.push(devices);
    // On a later start nothing above needed the sign-in. It starts at the first request to the
    // management server that needs it (its routes wait for it) or SIGN_IN_AFTER_MS after the platform
    // answers, whichever comes first, so that the first requests to the trust server (health, the
    // portal) are not queued behind its ~1 s of first-request work there.
    let timer: NodeJS.Timeout | undefined;
    ready ??= new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SIGN_IN_AFTER_MS);
    }).then(signIn);
    ready.catch(() => undefined);
    opened.push({ close: async () => clearTimeout(timer) });
    return {
      server,
      management,
      devices,
      state,
      ...(admin?.oneTimePassword
        ? { firstAdmin: { user: FIRST_ADMIN, oneTimePassword: admin.oneTimePassword } }
        : {}),
      onboarded,
      ready,
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
