-- FTM chip models (pms.ftp_chip_detail) with the chip CA certificate; approval makes it an FTM trust anchor.
create table ftm_chips (
  id text primary key,
  provider_id text not null references partners (id),
  make text not null,
  model text not null,
  -- MOSIP values: pending_cert_upload, pending_approval, approved, rejected.
  approval_status text not null default 'pending_cert_upload'
    check (approval_status in ('pending_cert_upload', 'pending_approval', 'approved', 'rejected')),
  is_active boolean not null default false,
  partner_org_name text not null,
  certificate_pem text,
  certificate_thumbprint_sha1 text,
  certificate_not_after timestamptz,
  -- The trust-store row created at approval.
  ca_certificate_id text references ca_certificates (id),
  decided_by text,
  decided_at timestamptz,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text,
  updated_at timestamptz
);
-- As MOSIP master: make and model are unique per provider unless the earlier one was rejected.
create unique index ftm_chips_make_model_unique on ftm_chips (provider_id, lower(make), lower(model)) where approval_status <> 'rejected';
