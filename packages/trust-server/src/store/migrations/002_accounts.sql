-- Local accounts, machine credentials and bearer tokens.
create table users (
  id text primary key,
  username text not null,
  email text,
  -- scrypt$N$r$p$salt$hash (base64url); null for accounts that log in through OpenID Connect only.
  password_hash text,
  -- Explicit roles (PARTNER_ADMIN, POLICYMANAGER); a partner user's type role comes from its partner.
  roles text[] not null default '{}',
  -- The one partner this user acts for.
  partner_id text references partners (id),
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED')),
  -- Set for generated one-time passwords: the user must choose a new password.
  must_change_password boolean not null default false,
  oidc_subject text unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz
);
create unique index users_username_unique on users (lower(username));
create index users_partner_idx on users (partner_id);

-- Client id + secret for servers (e.g. a device provider's management server).
create table machine_clients (
  client_id text primary key,
  name text not null,
  secret_hash text not null,
  roles text[] not null default '{}',
  partner_id text references partners (id),
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED')),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz
);

-- Bearer tokens are random; only their SHA-256 is stored, so a database dump reveals none.
create table auth_tokens (
  token_hash text primary key,
  user_id text references users (id),
  client_id text references machine_clients (client_id),
  kind text not null check (kind in ('password', 'client', 'oidc')),
  issued_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  check ((user_id is null) <> (client_id is null))
);
create index auth_tokens_user_idx on auth_tokens (user_id);
create index auth_tokens_client_idx on auth_tokens (client_id);
create index auth_tokens_expiry_idx on auth_tokens (expires_at);
