-- SBI conformance reports (docs/conformance.md) a device provider attaches to a device detail or an SBI
-- version while it waits for approval: one per item, replaced by a newer one, shown to the admin.
create table conformance_reports (
  target_kind text not null check (target_kind in ('device_detail', 'sbi')),
  target_id text not null,
  provider_id text not null references partners (id),
  report jsonb not null,
  digest text not null check (digest ~ '^[0-9a-f]{64}$'),
  tool_version text not null,
  generated_at timestamptz not null,
  total integer not null check (total >= 0),
  passed integer not null check (passed >= 0),
  failed integer not null check (failed >= 0),
  not_run integer not null check (not_run >= 0),
  attached_by text not null,
  attached_at timestamptz not null,
  primary key (target_kind, target_id)
);
