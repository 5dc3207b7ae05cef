-- Trust domains: CA certificates per domain (keymanager ca_cert_store) and partner certificates
-- (keymanager partner_cert_store) with the platform's re-signed copy.
create table ca_certificates (
  id text primary key,
  domain text not null check (domain in ('FTM', 'DEVICE', 'AUTH', 'CREDENTIAL', 'MISP')),
  kind text not null check (kind in ('ROOT', 'INTERMEDIATE')),
  subject text not null,
  issuer text not null,
  -- The stored certificate that issued this one (itself for a root).
  issuer_id text references ca_certificates (id),
  serial_number text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  -- keymanager detects duplicates by SHA-1 thumbprint within a domain.
  thumbprint_sha1 text not null,
  thumbprint_sha256 text not null,
  certificate_pem text not null,
  -- UPLOAD: admin upload; PLATFORM: the platform's own CAs added with a re-signed partner certificate;
  -- FTM_CHIP: an approved FTM chip model's certificate.
  source text not null check (source in ('UPLOAD', 'PLATFORM', 'FTM_CHIP')),
  created_by text not null,
  created_at timestamptz not null default now(),
  constraint ca_certificates_domain_thumbprint_unique unique (domain, thumbprint_sha1)
);
create index ca_certificates_domain_idx on ca_certificates (domain, not_after);

create table partner_certificates (
  id text primary key,
  partner_id text not null references partners (id),
  usage text not null check (usage in ('SIGNATURE', 'ENCRYPTION')),
  domain text not null check (domain in ('FTM', 'DEVICE', 'AUTH', 'CREDENTIAL', 'MISP')),
  subject text not null,
  organization text not null,
  serial_number text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  thumbprint_sha1 text not null,
  -- Upper-case hex SHA-256 of the uploaded DER: what IDA compares the signature-header certificate with.
  thumbprint_sha256 text not null,
  original_pem text not null,
  -- The platform partner CA's re-signed certificate (the original itself in the FTM domain, as keymanager).
  signed_pem text not null,
  signed_not_after timestamptz not null,
  -- Base64 PKCS#7 of [signed leaf, partner CA, root] (FTM: the uploaded chain).
  chain_p7b text not null,
  -- Earlier uploads stay for the record; exactly one current certificate per partner and usage.
  is_current boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now()
);
create unique index partner_certificates_current_unique on partner_certificates (partner_id, usage) where is_current;
create index partner_certificates_thumbprint_idx on partner_certificates (thumbprint_sha256);
