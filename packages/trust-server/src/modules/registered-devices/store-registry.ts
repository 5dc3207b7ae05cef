import type { RegisteredDeviceRecord } from '@mosip-trust/contracts';
import type { Clock } from '../../deps.ts';
import { registeredDeviceRecord } from '../../queries/registered-devices.ts';
import type { Db } from '../../store/db.ts';

/**
 * The verifier's DeviceRegistry over the trust server's own store, for in-process use (the
 * authentication API): the same record as GET /v1/registereddevices/lookup, read on every call so a
 * revocation is seen by the next capture verified (docs/trust-server-capabilities.md, "Device registry").
 * Structurally the `DeviceRegistry` interface of @mosip-trust/verifier.
 */
export class StoreDeviceRegistry {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  lookup(query: {
    deviceCode: string;
    serialNo: string;
    deviceProviderId: string;
  }): Promise<RegisteredDeviceRecord | undefined> {
    return registeredDeviceRecord(this.db, query, this.clock.now());
  }
}
