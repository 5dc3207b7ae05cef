-- Device types and sub-types (pms.reg_device_type / reg_device_sub_type seed), device details
-- (pms.device_detail) and device service versions (pms.secure_biometric_interface).
create table device_sub_types (
  type_code text not null,
  code text not null,
  primary key (type_code, code)
);
insert into device_sub_types (type_code, code) values
  ('Finger', 'Slap'), ('Finger', 'Single'), ('Finger', 'Touchless'),
  ('Iris', 'Single'), ('Iris', 'Double'),
  ('Face', 'Full face');

create table device_details (
  id text primary key,
  provider_id text not null references partners (id),
  type_code text not null,
  sub_type_code text not null,
  make text not null,
  model text not null,
  partner_org_name text not null,
  -- MOSIP values: pending_approval, approved, rejected.
  approval_status text not null default 'pending_approval' check (approval_status in ('pending_approval', 'approved', 'rejected')),
  is_active boolean not null default false,
  decided_by text,
  decided_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz,
  foreign key (type_code, sub_type_code) references device_sub_types (type_code, code)
);
create unique index device_details_model_unique on device_details (provider_id, type_code, sub_type_code, lower(make), lower(model))
  where approval_status <> 'rejected';

create table sbi_versions (
  id text primary key,
  provider_id text not null references partners (id),
  sw_version text not null,
  -- The SBI binary's hash as the provider states it (MOSIP swBinaryHash).
  sw_binary_hash text not null,
  sw_created_at timestamptz not null,
  sw_expires_at timestamptz not null,
  partner_org_name text not null,
  approval_status text not null default 'pending_approval' check (approval_status in ('pending_approval', 'approved', 'rejected')),
  is_active boolean not null default false,
  decided_by text,
  decided_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz,
  check (sw_expires_at > sw_created_at)
);
create unique index sbi_versions_version_unique on sbi_versions (provider_id, sw_version) where approval_status <> 'rejected';
