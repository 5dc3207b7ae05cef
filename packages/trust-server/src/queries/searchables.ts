import type { Searchable, SearchField } from '../store/catalogue-search.ts';

/**
 * The lists MOSIP's clients search and filter, each named with MOSIP's entity field names
 * (docs/pms-compatibility.md, "Search and filter values"). The SQL here is constant text.
 */
const audit = (t: string) => ({
  crBy: { sql: `${t}.created_by` },
  crDtimes: { sql: `${t}.created_at`, kind: 'timestamp' as const },
  updBy: { sql: `${t}.updated_by` },
  updDtimes: { sql: `${t}.updated_at`, kind: 'timestamp' as const },
  isDeleted: { sql: 'false', kind: 'boolean' as const },
  delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' as const },
});

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

export const PARTNERS: Searchable = {
  from: 'partners p',
  fields: {
    ...columns(
      'p',
      'id name address contactNo emailId partnerTypeCode approvalStatus isActive/boolean policyGroupId certificateAlias userId=id langCode',
    ),
    ...audit('p'),
  },
  owner: 'p.id',
  order: 'p.id',
};

export const PARTNER_TYPES: Searchable = {
  from: 'partner_types t',
  fields: {
    ...columns('t', 'code partnerDescription=description isActive/boolean isPolicyRequired/boolean'),
    crBy: { sql: "'system'" },
    crDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
    updBy: { sql: 'null::text' },
    updDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
    isDeleted: { sql: 'false', kind: 'boolean' },
    delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
  },
  order: 't.code',
};

export const POLICY_GROUPS: Searchable = {
  from: 'policy_groups g',
  fields: {
    ...columns('g', 'id name desc=description userId=created_by isActive/boolean'),
    ...audit('g'),
  },
  order: 'g.id',
};

export const POLICIES: Searchable = {
  from: 'policies a join policy_groups g on g.id = a.policy_group_id',
  fields: {
    ...columns('a', 'id name desc=description descr=description policyType version=version_label'),
    schema: {
      sql: "case when a.status = 'DRAFT' then null else 'https://schemas.mosip.io/v1/auth-policy' end",
    },
    policies: { sql: 'a.document::text' },
    ...columns(
      'a',
      'policyGroupId policyGroupName=g.name validFromDate=valid_from/timestamp validToDate=valid_to/timestamp',
    ),
    isActive: { sql: "(a.status = 'PUBLISHED')", kind: 'boolean' },
    ...audit('a'),
  },
  order: 'a.id',
};

export const DEVICE_DETAILS: Searchable = {
  from: 'device_details d',
  fields: {
    ...columns(
      'd',
      'id deviceProviderId=provider_id deviceTypeCode=type_code deviceSubTypeCode=sub_type_code make model partnerOrganizationName=partner_org_name isActive/boolean approvalStatus',
    ),
    ...audit('d'),
  },
  owner: 'd.provider_id',
  order: 'd.id',
};

/** MOSIP's reg_device_sub_type rows (`desciption` is MOSIP's spelling). */
export const DEVICE_SUB_TYPES: Searchable = {
  from: 'device_sub_types s',
  fields: {
    ...columns('s', 'code deviceType=type_code deviceTypeCode=type_code name=code desciption=code'),
    isActive: { sql: 'true', kind: 'boolean' },
  },
  order: 's.type_code, s.code',
};

export const SBI_VERSIONS: Searchable = {
  from: 'sbi_versions v',
  fields: {
    ...columns(
      'v',
      'id swBinaryHash swVersion swCreateDateTime=sw_created_at/timestamp swExpiryDateTime=sw_expires_at/timestamp providerId partnerOrganizationName=partner_org_name approvalStatus isActive/boolean',
    ),
    ...audit('v'),
  },
  owner: 'v.provider_id',
  order: 'v.id',
};

/** MOSIP's device_detail_sbi search rows: a device model with an SBI version it runs. */
export const SBI_DEVICE_LINKS: Searchable = {
  from: 'device_sbi_links l join device_details d on d.id = l.device_detail_id join sbi_versions v on v.id = l.sbi_id',
  fields: {
    ...columns(
      'l',
      'deviceDetailId sbiId providerId providerName=d.partner_org_name make=d.make model=d.model deviceTypeCode=d.type_code deviceSubTypeCode=d.sub_type_code swBinaryHash=v.sw_binary_hash swVersion=v.sw_version crBy=created_by crDtimes=created_at/timestamp',
    ),
  },
  owner: 'l.provider_id',
  order: 'l.device_detail_id, l.sbi_id',
};

/** MOSIP masterdata's RegisteredDevice rows; `isActive` is a live registration. */
export const REGISTERED_DEVICES: Searchable = {
  from: 'registered_devices r',
  fields: {
    ...columns(
      'r',
      'code=device_code statusCode=status deviceId deviceSubId=device_sub_ids digitalId serialNumber=serial_no providerId providerName=device_provider_name purpose firmware make model expiryDate=device_expiry/timestamp certificationLevel=certification foundationalTPId=ftp_id deviceTypeCode=type_code deviceSTypeCode=sub_type_code deviceDetailId',
    ),
    isActive: { sql: "(r.status = 'Registered')", kind: 'boolean' },
    ...audit('r'),
  },
  owner: 'r.provider_id',
  order: 'r.device_code',
};

/** MOSIP's FTPChipDetail search rows: the booleans are `active` / `deleted`, as MOSIP serialises them. */
export const FTM_CHIPS: Searchable = {
  from: 'ftm_chips c',
  fields: {
    ...columns(
      'c',
      'ftpChipDetailId=id ftpProviderId=provider_id make model certificateAlias=ca_certificate_id partnerOrganizationName=partner_org_name active=is_active/boolean isActive/boolean',
    ),
    deleted: { sql: 'false', kind: 'boolean' },
    ...columns(
      'c',
      'approvalStatus crBy=created_by crDtimes=created_at/timestamp updBy=updated_by updDtimes=updated_at/timestamp',
    ),
    delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
  },
  owner: 'c.provider_id',
  order: 'c.id',
};

/** MISP licences: the key itself is stored only as a hash, so rows carry its prefix (docs/pms-compatibility.md). */
export const MISP_LICENSES: Searchable = {
  from: 'misp_licenses l',
  fields: {
    ...columns(
      'l',
      'id mispId providerId=misp_id licenseKeyPrefix=key_prefix validFromDate=valid_from/timestamp validToDate=valid_to/timestamp',
    ),
    isActive: { sql: "(l.status = 'ACTIVE')", kind: 'boolean' },
    ...columns('l', 'status crBy=created_by crDtimes=created_at/timestamp'),
  },
  owner: 'l.misp_id',
  order: 'l.id',
};

export const API_KEY_REQUESTS: Searchable = {
  from: 'policy_requests r join partners p on p.id = r.partner_id join policies a on a.id = r.policy_id',
  fields: {
    ...columns(
      'r',
      'apikeyRequestId=id partnerId partnerName=p.name policyId policyName=a.name requestDatetimes=created_at/timestamp requestDetail=use_case statusCode=status crBy=created_by crDtimes=created_at/timestamp updBy=decided_by updDtimes=decided_at/timestamp',
    ),
    isDeleted: { sql: 'false', kind: 'boolean' },
    delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
  },
  owner: 'r.partner_id',
  order: 'r.id',
};

/** API keys: the secret is never returned (as MOSIP's search does not return the key value). */
export const API_KEYS: Searchable = {
  from: 'api_keys k join partners p on p.id = k.partner_id join policies a on a.id = k.policy_id',
  fields: {
    ...columns(
      'k',
      'label partnerId partnerName=p.name policyId policyName=a.name validFromDatetime=valid_from/timestamp validToDatetime=valid_to/timestamp',
    ),
    isActive: { sql: "(k.status = 'ACTIVE')", kind: 'boolean' },
    isDeleted: { sql: 'false', kind: 'boolean' },
    ...columns(
      'k',
      'crBy=created_by crDtimes=created_at/timestamp updBy=revoked_by updDtimes=revoked_at/timestamp',
    ),
    delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
  },
  owner: 'k.partner_id',
  order: 'k.id',
};
