import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DevicesTable {
  device_provider_id: string;
  serial_no: string;
  device_id: string;
  purpose: string;
  make: string;
  model: string;
  type: string;
  device_sub_type: string;
  certification: string;
  firmware: string;
  chip_thumbprint: string;
  device_code: string | null;
  env: string | null;
  status: 'Registered' | 'Retired' | 'Revoked';
  device_certificate_pem: string | null;
  registered_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeviceCommandsTable {
  id: Generated<number>;
  device_code: string;
  kind: 'rotate-key' | 'deregister' | 'sbi-update';
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface FleetEventsTable {
  id: Generated<number>;
  at: Timestamp;
  action: string;
  target: string;
  outcome: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface FleetDatabase {
  devices: DevicesTable;
  device_commands: DeviceCommandsTable;
  fleet_events: FleetEventsTable;
}
