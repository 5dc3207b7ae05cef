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
    }).catch((e: unknown) => {
      // The usual cause: the trust server's store was removed but not the rest of the data directory.
      const code = (e as { code?: string }).code;
      if (code !== 'MGMT_TRUST_SERVER') throw e;
      throw new Error(
        `the management server cannot sign in to the trust server with the client in ${join(opts.dataRoot, 'platform.json')} (${(e as Error).message}); if ${join(opts.dataRoot, 'trust-server')} was removed, remove ${opts.dataRoot} to start over`,
      );
    });
    opened.push(management);
    if (!state.providerCaTrusted) {
      // Device certificates the management server issues chain to its provider CA: a DEVICE anchor.
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
    return {
      server,
      management,
      devices,
      state,
      ...(admin?.oneTimePassword
        ? { firstAdmin: { user: FIRST_ADMIN, oneTimePassword: admin.oneTimePassword } }
        : {}),
      onboarded,
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
