-- Policies (MOSIP pms.auth_policy), versioned: a published version is never changed; editing it creates
-- the next version (a new row and id) in the same lineage, and API keys stay bound to the version they
-- were approved against.
create table policies (
  id text primary key,
  policy_group_id text not null references policy_groups (id),
  -- The id of the lineage's first version; shared by every version of the same policy.
  lineage_id text not null,
  revision integer not null check (revision >= 1),
  name text not null,
  description text not null,
  policy_type text not null check (policy_type in ('Auth', 'DataShare', 'CredentialIssuance', 'MISP')),
  -- The free-text version label MOSIP clients send (auth_policy.version).
  version_label text not null,
  document jsonb not null,
  status text not null default 'DRAFT' check (status in ('DRAFT', 'PUBLISHED', 'DEACTIVATED')),
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  published_at timestamptz,
  published_by text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz,
  constraint policies_lineage_revision_unique unique (lineage_id, revision)
);
-- A name belongs to one lineage within a group.
create unique index policies_group_name_unique on policies (policy_group_id, lower(name), revision);
create index policies_lineage_idx on policies (lineage_id, revision desc);
-- At most one open draft per lineage.
create unique index policies_one_draft_unique on policies (lineage_id) where status = 'DRAFT';
