-- Login attempts in flight count against the throttle (src/auth/throttle.ts): an attempt is reserved as a
-- pending row before its password is checked, kept as a failure, or deleted when the login succeeds.
alter table failed_logins add column pending boolean not null default false;
create index failed_logins_address_principal_idx on failed_logins (address, kind, principal, at);
