/**
 * In-memory implementations of the verifier's interfaces, for tests, the CLI and single-process use
 * (docs/verifier.md, "Interfaces").
 */
import { parseCertificate } from '@mosip-trust/crypto';
import type {
  CaptureTrustDomain,
  DeviceLookup,
  DeviceRegistry,
  RegisteredDeviceRecord,
  ReplayStore,
  TrustAnchors,
  TrustMaterial,
} from './dependencies.ts';

/**
 * Trust anchors per domain. `add` files self-signed certificates as anchors and the others as
 * intermediates, as keymanager does; `addAnchor` makes any certificate an anchor (an approved FTM chip
 * certificate is an FTM anchor). Each change hands out a new TrustMaterial, which drops cached paths.
 */
export class InMemoryTrustAnchors implements TrustAnchors {
  private readonly domains: Record<CaptureTrustDomain, TrustMaterial> = {
    FTM: { anchors: [], intermediates: [] },
    DEVICE: { anchors: [], intermediates: [] },
  };

  add(domain: CaptureTrustDomain, ...certificatesDer: Uint8Array[]): this {
    for (const der of certificatesDer) {
      if (parseCertificate(der).selfSigned) this.addAnchor(domain, der);
      else this.update(domain, (m) => ({ anchors: m.anchors, intermediates: [...m.intermediates, der] }));
    }
    return this;
  }

  addAnchor(domain: CaptureTrustDomain, der: Uint8Array): this {
    return this.update(domain, (m) => ({ anchors: [...m.anchors, der], intermediates: m.intermediates }));
  }

  remove(domain: CaptureTrustDomain, der: Uint8Array): this {
    const other = (d: Uint8Array) => !Buffer.from(d).equals(Buffer.from(der));
    return this.update(domain, (m) => ({
      anchors: m.anchors.filter(other),
      intermediates: m.intermediates.filter(other),
    }));
  }

  material(domain: CaptureTrustDomain): TrustMaterial {
    return this.domains[domain];
  }

  private update(domain: CaptureTrustDomain, change: (m: TrustMaterial) => TrustMaterial): this {
    this.domains[domain] = change(this.domains[domain]);
    return this;
  }
}

/** Registered devices by deviceCode; the lookup also requires the serial number and provider id. */
export class InMemoryDeviceRegistry implements DeviceRegistry {
  private readonly devices = new Map<string, RegisteredDeviceRecord>();

  put(record: RegisteredDeviceRecord): this {
    this.devices.set(record.deviceCode, { ...record, approvedSbiVersions: [...record.approvedSbiVersions] });
    return this;
  }

  setStatus(deviceCode: string, status: RegisteredDeviceRecord['status']): this {
    const record = this.devices.get(deviceCode);
    if (record) this.devices.set(deviceCode, { ...record, status });
    return this;
  }

  async lookup(query: DeviceLookup): Promise<RegisteredDeviceRecord | undefined> {
    const record = this.devices.get(query.deviceCode);
    if (!record || record.serialNo !== query.serialNo || record.deviceProviderId !== query.deviceProviderId)
      return undefined;
    return { ...record, approvedSbiVersions: [...record.approvedSbiVersions] };
  }
}

/** Accepted transactionIds until their expiry; expired entries are dropped as the map is used. */
export class InMemoryReplayStore implements ReplayStore {
  private readonly seenUntil = new Map<string, number>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  seen(transactionId: string): boolean {
    const until = this.seenUntil.get(transactionId);
    if (until === undefined) return false;
    if (until < this.clock().getTime()) {
      this.seenUntil.delete(transactionId);
      return false;
    }
    return true;
  }

  claim(transactionId: string, expiresAt: Date): boolean {
    if (this.seen(transactionId)) return false;
    this.seenUntil.set(transactionId, expiresAt.getTime());
    return true;
  }
}
