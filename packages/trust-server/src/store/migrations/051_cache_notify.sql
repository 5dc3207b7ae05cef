-- Hot-path cache invalidation (docs/trust-server.md, "Scale-out"): every change of a table the
-- authentication API caches sends NOTIFY trust_cache with the table's name, to every server process on
-- the database (and in-process on PGlite). One notification per statement, sent at commit.
create function trust_cache_notify() returns trigger
language plpgsql as $$
begin
  perform pg_notify('trust_cache', tg_table_name);
  return null;
end
$$;
create trigger partners_cache_notify after insert or update or delete on partners
  for each statement execute function trust_cache_notify();
create trigger policies_cache_notify after insert or update or delete on policies
  for each statement execute function trust_cache_notify();
create trigger api_keys_cache_notify after insert or update or delete on api_keys
  for each statement execute function trust_cache_notify();
create trigger misp_licenses_cache_notify after insert or update or delete on misp_licenses
  for each statement execute function trust_cache_notify();
create trigger partner_certificates_cache_notify after insert or update or delete on partner_certificates
  for each statement execute function trust_cache_notify();
create trigger ca_certificates_cache_notify after insert or update or delete on ca_certificates
  for each statement execute function trust_cache_notify();
create trigger device_details_cache_notify after insert or update or delete on device_details
  for each statement execute function trust_cache_notify();
create trigger sbi_versions_cache_notify after insert or update or delete on sbi_versions
  for each statement execute function trust_cache_notify();
create trigger ftm_chips_cache_notify after insert or update or delete on ftm_chips
  for each statement execute function trust_cache_notify();
