-- The platform's own keys (root CA, partner CA, signing/encryption), private keys encrypted under the KEK.
create table platform_keys (
  name text primary key,
  certificate_pem text not null,
  encrypted_private_key_pem text not null,
  created_at timestamptz not null default now()
);
