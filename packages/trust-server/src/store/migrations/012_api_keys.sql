-- Policy mapping requests (pms.partner_policy_request) and API keys (pms.partner_policy), keys hashed.
create table policy_requests (
  id text primary key,
  partner_id text not null references partners (id),
  policy_id text not null references policies (id),
  use_case text not null,
  -- MOSIP values: InProgress, approved, rejected.
  status text not null default 'InProgress' check (status in ('InProgress', 'approved', 'rejected')),
  reason text,
  decided_by text,
  decided_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now()
);
-- A new request for the same partner and policy is allowed only when every earlier one was rejected.
create unique index policy_requests_open_unique on policy_requests (partner_id, policy_id) where status <> 'rejected';
create index policy_requests_partner_idx on policy_requests (partner_id);

create table api_keys (
  id text primary key,
  partner_id text not null references partners (id),
  policy_id text not null references policies (id),
  request_id text not null references policy_requests (id),
  label text not null,
  -- Lower-case hex SHA-256 of the secret; the secret itself is shown once and never stored.
  secret_hash text not null unique,
  -- First characters of the secret, to tell keys apart in lists.
  secret_prefix text not null,
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'REVOKED')),
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  -- Set when the key was rotated: the key that replaces it (both work until this one's valid_to).
  superseded_by text,
  revoked_at timestamptz,
  revoked_by text,
  created_by text not null,
  created_at timestamptz not null default now()
);
-- One live key per (partner, policy, label); a rotated key keeps its label while it overlaps its successor.
create unique index api_keys_label_unique on api_keys (partner_id, policy_id, lower(label)) where superseded_by is null;
create index api_keys_partner_idx on api_keys (partner_id);
