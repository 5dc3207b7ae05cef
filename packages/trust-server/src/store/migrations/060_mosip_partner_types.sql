-- The rest of MOSIP's partner types (pms.partner_type seed), each with the realm role MOSIP gives it
-- (docs/pms-compatibility.md). Partner_Admin is not a partner type here: PARTNER_ADMIN is a staff role.
insert into partner_types (code, description, role, is_policy_required) values
  ('Online_Verification_Partner', 'Online Verification Partner', 'ONLINE_VERIFICATION_PARTNER', true),
  ('ABIS_Partner', 'ABIS Partner', 'ABIS_PARTNER', true),
  ('Manual_Adjudication', 'Manual Adjudication Partner', 'MANUAL_ADJUDICATION', true),
  ('SDK_Partner', 'SDK Partner', 'SDK_PARTNER', false),
  ('Internal_Partner', 'Internal Partner', 'INTERNAL_PARTNER', true),
  ('Print_Partner', 'Print Partner', 'PRINT_PARTNER', true)
on conflict (code) do nothing;
