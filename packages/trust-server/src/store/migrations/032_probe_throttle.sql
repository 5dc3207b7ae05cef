-- Answers that tell whether a user name or e-mail exists (sign-up, e-mail verification) are throttled per
-- address like logins (src/auth/probe-throttle.ts): kind 'probe', principal = the client address.
alter table failed_logins drop constraint failed_logins_kind_check;
alter table failed_logins add constraint failed_logins_kind_check check (kind in ('user', 'client', 'probe'));
