-- An approval names what was reviewed (docs/trust-server.md, "Approving what was reviewed"): every edit of a
-- device detail, SBI version or FTM chip before its decision increments its record version, and an approval
-- that names an older version is refused.
alter table device_details add column version integer not null default 1;
alter table sbi_versions add column version integer not null default 1;
alter table ftm_chips add column version integer not null default 1;
