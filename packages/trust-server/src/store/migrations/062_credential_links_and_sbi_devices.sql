-- MOSIP 1.2 links the partner portal manages besides policy requests (docs/pms-compatibility.md):
-- a credential partner's policy per credential type (pms.partner_policy_credential_type), the biometric
-- extractors of a partner's policy (pms.partner_policy_bioextract) and the SBI versions a device model
-- runs (pms.device_detail_sbi).
create table credential_type_policies (
  partner_id text not null references partners (id),
  -- One of pmp.allowed.credential.types (src/domain/partner-types.ts).
  credential_type text not null,
  policy_id text not null references policies (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz,
  primary key (partner_id, credential_type)
);

create table policy_bio_extractors (
  id text primary key,
  partner_id text not null references partners (id),
  policy_id text not null references policies (id),
  attribute_name text not null,
  -- MOSIP's "<modality>[<sub types>]" split in two, as its table stores it.
  biometric_modality text not null,
  biometric_sub_types text,
  extractor_provider text not null,
  extractor_provider_version text,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);
-- One extractor per attribute of a partner's policy; adding again replaces it (MOSIP upserts).
create unique index policy_bio_extractors_unique on policy_bio_extractors (partner_id, policy_id, lower(attribute_name));

create table device_sbi_links (
  device_detail_id text not null references device_details (id),
  sbi_id text not null references sbi_versions (id),
  -- Both belong to this provider (MOSIP PMS_AUT_509 otherwise).
  provider_id text not null references partners (id),
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (device_detail_id, sbi_id)
);
create index device_sbi_links_sbi_idx on device_sbi_links (sbi_id);
