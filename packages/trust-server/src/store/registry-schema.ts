import type { NullableTimestamp, Timestamp } from './schema.ts';

// ---- Device registry (migration 040), merged into `Database` so schema.ts stays untouched.

export type RegisteredDeviceStatusCode = 'Registered' | 'Revoked' | 'Retired';

export interface RegisteredDevicesTable {
  device_code: string;
  provider_id: string;
  device_provider_name: string;
  device_id: string;
  purpose: 'Auth' | 'Registration';
  serial_no: string;
  make: string;
  model: string;
  type_code: string;
  sub_type_code: string;
  device_detail_id: string;
  certification: string;
  firmware: string;
  /** JSON array of strings. */
  device_sub_ids: string;
  device_expiry: NullableTimestamp;
  ftp_id: string | null;
  /** The digital ID JSON as registered. */
  digital_id: string;
  env: string;
  status: RegisteredDeviceStatusCode;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

declare module './schema.ts' {
  interface Database {
    registered_devices: RegisteredDevicesTable;
  }
}
