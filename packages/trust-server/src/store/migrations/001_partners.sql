-- Partner types, policy groups and partners (MOSIP pms.partner_type, pms.policy_group, pms.partner).
create table partner_types (
  code text primary key,
  description text not null,
  -- The Keycloak realm role a user of this partner type holds.
  role text not null unique,
  is_policy_required boolean not null,
  is_active boolean not null default true
);

insert into partner_types (code, description, role, is_policy_required) values
  ('FTM_Provider', 'Foundational Trust Provider', 'FTM_PROVIDER', false),
  ('Device_Provider', 'Device Provider', 'DEVICE_PROVIDER', false),
  ('Auth_Partner', 'Authentication Partner', 'AUTH_PARTNER', true),
  ('Credential_Partner', 'Credential Partner', 'CREDENTIAL_PARTNER', true),
  ('MISP_Partner', 'MOSIP Infrastructure Provider', 'MISP_PARTNER', false);

-- Policy groups are managed by the policies module; partners reference them at registration.
create table policy_groups (
  id text primary key,
  name text not null unique,
  description text not null default '',
  is_active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);

create table partners (
  id text primary key,
  name text not null,
  address text not null,
  contact_no text not null,
  email_id text not null,
  partner_type_code text not null references partner_types (code),
  policy_group_id text references policy_groups (id),
  -- MOSIP values: InProgress, approved, rejected.
  approval_status text not null default 'InProgress' check (approval_status in ('InProgress', 'approved', 'rejected')),
  is_active boolean not null default false,
  rejection_reason text,
  lang_code text,
  logo_url text,
  additional_info jsonb,
  -- Set by the certificates module when the partner's certificate is uploaded.
  certificate_alias text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz,
  -- Incremented on every change; lets clients and writers detect concurrent updates.
  version integer not null default 1
);

create unique index partners_email_unique on partners (lower(email_id));
create index partners_type_idx on partners (partner_type_code);
