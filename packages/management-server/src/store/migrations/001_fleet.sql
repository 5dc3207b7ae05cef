-- The device provider's fleet: every device that asked to register, whether or not it was accepted.
create table devices (
  device_provider_id text not null,
  serial_no text not null,
  device_id text not null,
  purpose text not null,
  make text not null,
  model text not null,
  type text not null,
  device_sub_type text not null,
  certification text not null,
  firmware text not null,
  chip_thumbprint text not null,
  device_code text unique,
  env text,
  status text not null check (status in ('Registered', 'Retired', 'Revoked')),
  device_certificate_pem text,
  registered_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (device_provider_id, serial_no)
);

-- Commands an operator triggered, delivered to the device service when it next asks.
create table device_commands (
  id bigint generated always as identity primary key,
  device_code text not null references devices (device_code),
  kind text not null check (kind in ('rotate-key', 'deregister', 'sbi-update')),
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index device_commands_pending on device_commands (device_code) where delivered_at is null;

-- What happened to the fleet (registrations, refusals, commands); never biometric data.
create table fleet_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  action text not null,
  target text not null,
  outcome text not null,
  details jsonb not null default '{}'::jsonb
);
