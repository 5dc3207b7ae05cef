-- Append-only, hash-chained audit log: hash = SHA-256(prev_hash | canonical JSON of the entry).
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  target text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null unique
);
create index audit_log_action_idx on audit_log (action);
create index audit_log_target_idx on audit_log (target);
create index audit_log_actor_idx on audit_log (actor);
