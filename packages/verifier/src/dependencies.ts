/**
 * What the verifier needs from its surroundings, behind interfaces so that it runs in the trust server
 * (database-backed) and offline (files, an HTTP registry): trust anchors, the device registry, a clock,
 * a replay store and the keys that decrypt Auth captures (docs/verifier.md, "Interfaces").
 */
import type { KeyObject } from 'node:crypto';
import type { RegisteredDeviceRecord } from '@mosip-trust/contracts';

export type CaptureTrustDomain = 'FTM' | 'DEVICE';

export interface TrustMaterial {
  /** Certificates a path may end at: roots, and in FTM the approved chip certificates. DER. */
  anchors: Uint8Array[];
  /** Other CA certificates that may complete a path (not trusted by themselves). DER. */
  intermediates: Uint8Array[];
}

export interface TrustAnchors {
  material(domain: CaptureTrustDomain): TrustMaterial | Promise<TrustMaterial>;
}

export interface DeviceLookup {
  deviceCode: string;
  serialNo: string;
  deviceProviderId: string;
  deviceProvider: string;
}

export type { RegisteredDeviceRecord };

export interface DeviceRegistry {
  /** The registered device these identifiers name, or undefined when there is none. */
  lookup(query: DeviceLookup): Promise<RegisteredDeviceRecord | undefined>;
}

export interface ReplayStore {
  /** True when the transactionId was already accepted (and has not expired). */
  seen(transactionId: string): boolean | Promise<boolean>;
  /** Records an accepted transactionId until `expiresAt`; false when another caller recorded it first. */
  claim(transactionId: string, expiresAt: Date): boolean | Promise<boolean>;
}

/** A private key that decrypts Auth captures and the certificate the device encrypted to. */
export interface DecryptionKey {
  privateKey: KeyObject;
  certificateDer: Uint8Array;
}

export interface VerifierOptions {
  /** Accept a hash chain made with MOSIP 1.1.5's string rule (crypto.md §8.3); default false. */
  allowLegacyHash115?: boolean;
  /** MockMDS sends data.domainUri "null": treat that string as absent (docs/verifier.md, MockMDS); default false. */
  nullDomainUriIsAbsent?: boolean;
  /** mosip.ida.allowed.enviromemnts; default Staging, Developer, Pre-Production, Production. */
  allowedEnvs?: string[];
  /** mosip.ida.allowed.domain.uris (case-insensitive); default: any. */
  allowedDomainUris?: string[];
  /** Last-segment window, Auth: now − pastMs … now + futureMs (IDA: 60 s, 30 s). */
  authWindow?: { pastMs: number; futureMs: number };
  /** Registration client window: ± 5 min. */
  registrationWindow?: { pastMs: number; futureMs: number };
  /** Successive segments 0 … segmentMs apart (IDA: 120 s). */
  segmentMs?: number;
  /** How long an accepted transactionId is remembered (default 10 min). */
  replayTtlMs?: number;
  /**
   * Unwrap Auth session keys on libuv's thread pool (WebCrypto RSA-OAEP) instead of on the calling
   * thread: the same checks, bytes and refusals, the event loop free during the private operations.
   * For servers; default false (offline verification, bench/verify).
   */
  unwrapOnThreadPool?: boolean;
}

export interface VerifierDependencies {
  trustAnchors: TrustAnchors;
  /** Without a registry the device-registration checks are reported as not run. */
  deviceRegistry?: DeviceRegistry;
  /** Without a store the replay check is reported as not run. */
  replayStore?: ReplayStore;
  /** Keys for Auth captures, selected by the element's thumbprint. */
  decryptionKeys?: DecryptionKey[];
  clock?: () => Date;
  options?: VerifierOptions;
}
