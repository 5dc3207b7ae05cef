import type { RegisteredDeviceRecord } from '@mosip-trust/contracts';
import type {
  CaptureTrustDomain,
  DeviceLookup,
  DeviceRegistry,
  TrustAnchors,
  TrustMaterial,
} from '@mosip-trust/verifier';
import type { Clock } from '../../deps.ts';
import { registeredDeviceRecord } from '../../queries/registered-devices.ts';
import { loadTrustStore } from '../../queries/trust-anchors.ts';
import type { Db } from '../../store/db.ts';
import type { HotCache } from './cache.ts';

/**
 * The verifier's trust anchors from the trust server's stores (FTM and DEVICE domains, approved FTM chip
 * certificates as FTM anchors), through the hot cache: the same material object while nothing changed,
 * a new one after any change, which also drops the verifier's path cache (docs/verifier.md).
 */
export function storeTrustAnchors(db: Db, cache: HotCache, clock: Clock): TrustAnchors {
  return {
    material(domain: CaptureTrustDomain): Promise<TrustMaterial> {
      return cache.get('trust', domain, () => loadTrustStore(db, domain, clock.now()));
    },
  };
}

/** A device registry whose answers are kept in the hot cache (registry tables NOTIFY on change). */
export function cachedDeviceRegistry(registry: DeviceRegistry, cache: HotCache): DeviceRegistry {
  return {
    lookup(q: DeviceLookup): Promise<RegisteredDeviceRecord | undefined> {
      const key = `${q.deviceCode}\u0000${q.serialNo}\u0000${q.deviceProviderId}\u0000${q.deviceProvider}`;
      return cache.get('device', key, () => registry.lookup(q));
    },
  };
}

/** The trust server's own device registry (registered_devices), as the lookup route answers it. */
export function storeDeviceRegistry(db: Db, clock: Clock): DeviceRegistry {
  return { lookup: (q) => registeredDeviceRecord(db, q, clock.now()) };
}
