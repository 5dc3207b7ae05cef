-- Every partner certificate upload asks whether another partner's current certificate has the same SHA-1
-- thumbprint (keymanager's duplicate rule); without this index that is a scan of every certificate ever uploaded.
create index partner_certificates_sha1_current_idx on partner_certificates (thumbprint_sha1) where is_current;
