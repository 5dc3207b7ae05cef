-- MISP licence keys (pms.misp_license, key hashed) and the authentication transaction log that the auth
-- API writes and the MISP reads (reference server-verification §9.2).
create table misp_licenses (
  id text primary key,
  misp_id text not null references partners (id),
  -- Lower-case hex SHA-256 of the licence key; the key is shown once at issue.
  key_hash text not null unique,
  key_prefix text not null,
  -- EXPIRED is set when a licence past its valid_to is replaced by a new one.
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'REVOKED', 'EXPIRED')),
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  revoked_at timestamptz,
  revoked_by text,
  created_by text not null,
  created_at timestamptz not null default now()
);
-- One active licence per MISP at a time.
create unique index misp_licenses_active_unique on misp_licenses (misp_id) where status = 'ACTIVE';

create table auth_transactions (
  id text primary key,
  request_time timestamptz not null,
  response_time timestamptz not null,
  transaction_id text not null,
  partner_id text not null,
  partner_name text,
  api_key_id text,
  policy_id text,
  misp_id text,
  misp_license_id text,
  auth_type_code text not null,
  -- Y / N as MOSIP's autn_txn.status_code.
  status_code text not null check (status_code in ('Y', 'N')),
  status_comment text not null,
  error_code text,
  -- Upper-case hex SHA-256 of the individual id (never the id itself).
  ref_id_hash text,
  ref_id_type text,
  domain_uri text,
  env text,
  latency_ms integer,
  created_at timestamptz not null default now()
);
create index auth_transactions_misp_idx on auth_transactions (misp_id, request_time desc);
create index auth_transactions_partner_idx on auth_transactions (partner_id, request_time desc);
