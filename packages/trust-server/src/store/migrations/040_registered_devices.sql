-- Registered devices (masterdata registered_device / PMS registered_device_master), docs/trust-server-capabilities.md
-- "Device registry". One row per device code; status Registered | Revoked | Retired (Revoked is terminal,
-- a Retired device registers again under the same code).
create table registered_devices (
  device_code text primary key,
  provider_id text not null references partners (id),
  device_provider_name text not null,
  device_id text not null,
  purpose text not null check (purpose in ('Auth', 'Registration')),
  serial_no text not null,
  make text not null,
  model text not null,
  type_code text not null,
  sub_type_code text not null,
  device_detail_id text not null references device_details (id),
  certification text not null,
  firmware text not null,
  device_sub_ids text not null,
  device_expiry timestamptz,
  ftp_id text,
  digital_id text not null,
  env text not null,
  status text not null check (status in ('Registered', 'Revoked', 'Retired')),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);
-- masterdata ADM-DPM-043 / PMS_AUT_015: one live registration per (provider, serial number).
create unique index registered_devices_serial_unique on registered_devices (provider_id, serial_no)
  where status <> 'Retired';
create index registered_devices_provider on registered_devices (provider_id, created_at);
