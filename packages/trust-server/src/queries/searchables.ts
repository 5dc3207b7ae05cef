import type { Searchable, SearchField } from '../store/catalogue-search.ts';

/**
 * The lists MOSIP's clients search and filter, each named with MOSIP's entity field names
 * (docs/pms-compatibility.md, "Search and filter values"). The SQL here is constant text.
 */
/**
 * Fields that are plain columns, written as a table: `field` is the column named as the field in snake_case,
 * `field=column` another column of the list's table (`field=t.column` one of a joined table), and a
 * `/kind` suffix gives the kind (text when absent).
 */
function columns(alias: string, table: string): Record<string, SearchField> {
  const fields: Record<string, SearchField> = {};
  for (const entry of table.split(/\s+/).filter(Boolean)) {
    const [spec = '', kind] = entry.split('/') as [string, SearchField['kind']?];
    const [field = '', column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = spec.split('=');
    fields[field] = { sql: column.includes('.') ? column : `${alias}.${column}`, ...(kind ? { kind } : {}) };
  }
  return fields;
}

/** MOSIP's fields of a row never deleted here, and a timestamp these tables do not keep. */
const FALSE: SearchField = { sql: 'false', kind: 'boolean' };
const NO_TIME: SearchField = { sql: 'null::timestamptz', kind: 'timestamp' };
const NOT_DELETED = { isDeleted: FALSE, delDtimes: NO_TIME };
/** MOSIP's audit fields over the columns of the same names in snake_case. */
const AUDIT_COLUMNS =
  'crBy=created_by crDtimes=created_at/timestamp updBy=updated_by updDtimes=updated_at/timestamp';
const AUDITED = [AUDIT_COLUMNS, NOT_DELETED];

/**
 * A list over `from`, whose first table's alias qualifies plain columns; its fields are `parts` in order (the
 * order of a row's members), each a table of plain columns (see `columns`) or fields written out.
 */
function list(
  from: string,
  keys: Pick<Searchable, 'owner' | 'order'>,
  ...parts: (string | Record<string, SearchField>)[]
): Searchable {
  const alias = from.split(/\s+/)[1] ?? '';
  const fields = parts.map((part) => (typeof part === 'string' ? columns(alias, part) : part));
  return { from, fields: Object.assign({}, ...fields), ...keys };
}

export const PARTNERS = list(
  'partners p',
  { owner: 'p.id', order: 'p.id' },
  'id name address contactNo emailId partnerTypeCode approvalStatus isActive/boolean policyGroupId certificateAlias userId=id langCode',
  ...AUDITED,
);

export const PARTNER_TYPES = list(
  'partner_types t',
  { order: 't.code' },
  'code partnerDescription=description isActive/boolean isPolicyRequired/boolean',
  { crBy: { sql: "'system'" }, crDtimes: NO_TIME, updBy: { sql: 'null::text' }, updDtimes: NO_TIME },
  NOT_DELETED,
);

export const POLICY_GROUPS = list(
  'policy_groups g',
  { order: 'g.id' },
  'id name desc=description userId=created_by isActive/boolean',
  ...AUDITED,
);

export const POLICIES = list(
  'policies a join policy_groups g on g.id = a.policy_group_id',
  { order: 'a.id' },
  'id name desc=description descr=description policyType version=version_label',
  {
    schema: {
      sql: "case when a.status = 'DRAFT' then null else 'https://schemas.mosip.io/v1/auth-policy' end",
    },
    policies: { sql: 'a.document::text' },
  },
  'policyGroupId policyGroupName=g.name validFromDate=valid_from/timestamp validToDate=valid_to/timestamp',
  { isActive: { sql: "(a.status = 'PUBLISHED')", kind: 'boolean' } },
  ...AUDITED,
);

export const DEVICE_DETAILS = list(
  'device_details d',
  { owner: 'd.provider_id', order: 'd.id' },
  'id deviceProviderId=provider_id deviceTypeCode=type_code deviceSubTypeCode=sub_type_code make model partnerOrganizationName=partner_org_name isActive/boolean approvalStatus',
  ...AUDITED,
);

/** MOSIP's reg_device_sub_type rows (`desciption` is MOSIP's spelling). */
export const DEVICE_SUB_TYPES = list(
  'device_sub_types s',
  { order: 's.type_code, s.code' },
  'code deviceType=type_code deviceTypeCode=type_code name=code desciption=code',
  { isActive: { sql: 'true', kind: 'boolean' } },
);

export const SBI_VERSIONS = list(
  'sbi_versions v',
  { owner: 'v.provider_id', order: 'v.id' },
  'id swBinaryHash swVersion swCreateDateTime=sw_created_at/timestamp swExpiryDateTime=sw_expires_at/timestamp providerId partnerOrganizationName=partner_org_name approvalStatus isActive/boolean',
  ...AUDITED,
);

/** MOSIP's device_detail_sbi search rows: a device model with an SBI version it runs. */
export const SBI_DEVICE_LINKS = list(
  'device_sbi_links l join device_details d on d.id = l.device_detail_id join sbi_versions v on v.id = l.sbi_id',
  { owner: 'l.provider_id', order: 'l.device_detail_id, l.sbi_id' },
  'deviceDetailId sbiId providerId providerName=d.partner_org_name make=d.make model=d.model deviceTypeCode=d.type_code deviceSubTypeCode=d.sub_type_code swBinaryHash=v.sw_binary_hash swVersion=v.sw_version crBy=created_by crDtimes=created_at/timestamp',
);

/** MOSIP masterdata's RegisteredDevice rows; `isActive` is a live registration. */
export const REGISTERED_DEVICES = list(
  'registered_devices r',
  { owner: 'r.provider_id', order: 'r.device_code' },
  'code=device_code statusCode=status deviceId deviceSubId=device_sub_ids digitalId serialNumber=serial_no providerId providerName=device_provider_name purpose firmware make model expiryDate=device_expiry/timestamp certificationLevel=certification foundationalTPId=ftp_id deviceTypeCode=type_code deviceSTypeCode=sub_type_code deviceDetailId',
  { isActive: { sql: "(r.status = 'Registered')", kind: 'boolean' } },
  ...AUDITED,
);

/** MOSIP's FTPChipDetail search rows: the booleans are `active` / `deleted`, as MOSIP serialises them. */
export const FTM_CHIPS = list(
  'ftm_chips c',
  { owner: 'c.provider_id', order: 'c.id' },
  'ftpChipDetailId=id ftpProviderId=provider_id make model certificateAlias=ca_certificate_id partnerOrganizationName=partner_org_name active=is_active/boolean isActive/boolean',
  { deleted: FALSE },
  `approvalStatus ${AUDIT_COLUMNS}`,
  { delDtimes: NO_TIME },
);

/** MISP licences: the key itself is stored only as a hash, so rows carry its prefix (docs/pms-compatibility.md). */
export const MISP_LICENSES = list(
  'misp_licenses l',
  { owner: 'l.misp_id', order: 'l.id' },
  'id mispId providerId=misp_id licenseKeyPrefix=key_prefix validFromDate=valid_from/timestamp validToDate=valid_to/timestamp',
  { isActive: { sql: "(l.status = 'ACTIVE')", kind: 'boolean' } },
  'status crBy=created_by crDtimes=created_at/timestamp',
);

export const API_KEY_REQUESTS = list(
  'policy_requests r join partners p on p.id = r.partner_id join policies a on a.id = r.policy_id',
  { owner: 'r.partner_id', order: 'r.id' },
  'apikeyRequestId=id partnerId partnerName=p.name policyId policyName=a.name requestDatetimes=created_at/timestamp requestDetail=use_case statusCode=status crBy=created_by crDtimes=created_at/timestamp updBy=decided_by updDtimes=decided_at/timestamp',
  NOT_DELETED,
);

/** API keys: the secret is never returned (as MOSIP's search does not return the key value). */
export const API_KEYS = list(
  'api_keys k join partners p on p.id = k.partner_id join policies a on a.id = k.policy_id',
  { owner: 'k.partner_id', order: 'k.id' },
  'label partnerId partnerName=p.name policyId policyName=a.name validFromDatetime=valid_from/timestamp validToDatetime=valid_to/timestamp',
  { isActive: { sql: "(k.status = 'ACTIVE')", kind: 'boolean' }, isDeleted: FALSE },
  'crBy=created_by crDtimes=created_at/timestamp updBy=revoked_by updDtimes=revoked_at/timestamp',
  { delDtimes: NO_TIME },
);
