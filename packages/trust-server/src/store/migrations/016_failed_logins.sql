-- Failed logins, counted by every instance to throttle password and client-secret guessing
-- (per user name or client id, and per client address, within a sliding window).
create table failed_logins (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  -- 'user' (user name and password) or 'client' (client id and secret).
  kind text not null check (kind in ('user', 'client')),
  -- Lower-cased user name or client id, at most 64 characters.
  principal text not null,
  address text not null
);
create index failed_logins_principal_idx on failed_logins (kind, principal, at);
create index failed_logins_address_idx on failed_logins (address, at);
create index failed_logins_at_idx on failed_logins (at);
