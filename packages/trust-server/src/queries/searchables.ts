import type { Searchable } from '../store/catalogue-search.ts';

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

export const PARTNERS: Searchable = {
  from: 'partners p',
  fields: {
    id: { sql: 'p.id' },
    name: { sql: 'p.name' },
    address: { sql: 'p.address' },
    contactNo: { sql: 'p.contact_no' },
    emailId: { sql: 'p.email_id' },
    partnerTypeCode: { sql: 'p.partner_type_code' },
    approvalStatus: { sql: 'p.approval_status' },
    isActive: { sql: 'p.is_active', kind: 'boolean' },
    policyGroupId: { sql: 'p.policy_group_id' },
    certificateAlias: { sql: 'p.certificate_alias' },
    userId: { sql: 'p.id' },
    langCode: { sql: 'p.lang_code' },
    ...audit('p'),
  },
  owner: 'p.id',
  order: 'p.id',
};

export const PARTNER_TYPES: Searchable = {
  from: 'partner_types t',
  fields: {
    code: { sql: 't.code' },
    partnerDescription: { sql: 't.description' },
    isActive: { sql: 't.is_active', kind: 'boolean' },
    isPolicyRequired: { sql: 't.is_policy_required', kind: 'boolean' },
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
    id: { sql: 'g.id' },
    name: { sql: 'g.name' },
    desc: { sql: 'g.description' },
    userId: { sql: 'g.created_by' },
    isActive: { sql: 'g.is_active', kind: 'boolean' },
    ...audit('g'),
  },
  order: 'g.id',
};

export const POLICIES: Searchable = {
  from: 'policies a join policy_groups g on g.id = a.policy_group_id',
  fields: {
    id: { sql: 'a.id' },
    name: { sql: 'a.name' },
    desc: { sql: 'a.description' },
    descr: { sql: 'a.description' },
    policyType: { sql: 'a.policy_type' },
    version: { sql: 'a.version_label' },
    schema: {
      sql: "case when a.status = 'DRAFT' then null else 'https://schemas.mosip.io/v1/auth-policy' end",
    },
    policies: { sql: 'a.document::text' },
    policyGroupId: { sql: 'a.policy_group_id' },
    policyGroupName: { sql: 'g.name' },
    validFromDate: { sql: 'a.valid_from', kind: 'timestamp' },
    validToDate: { sql: 'a.valid_to', kind: 'timestamp' },
    isActive: { sql: "(a.status = 'PUBLISHED')", kind: 'boolean' },
    ...audit('a'),
  },
  order: 'a.id',
};

export const DEVICE_DETAILS: Searchable = {
  from: 'device_details d',
  fields: {
    id: { sql: 'd.id' },
    deviceProviderId: { sql: 'd.provider_id' },
    deviceTypeCode: { sql: 'd.type_code' },
    deviceSubTypeCode: { sql: 'd.sub_type_code' },
    make: { sql: 'd.make' },
    model: { sql: 'd.model' },
    partnerOrganizationName: { sql: 'd.partner_org_name' },
    isActive: { sql: 'd.is_active', kind: 'boolean' },
    approvalStatus: { sql: 'd.approval_status' },
    ...audit('d'),
  },
  owner: 'd.provider_id',
  order: 'd.id',
};

/** MOSIP's reg_device_sub_type rows (`desciption` is MOSIP's spelling). */
export const DEVICE_SUB_TYPES: Searchable = {
  from: 'device_sub_types s',
  fields: {
    code: { sql: 's.code' },
    deviceType: { sql: 's.type_code' },
    deviceTypeCode: { sql: 's.type_code' },
    name: { sql: 's.code' },
    desciption: { sql: 's.code' },
    isActive: { sql: 'true', kind: 'boolean' },
  },
  order: 's.type_code, s.code',
};

export const SBI_VERSIONS: Searchable = {
  from: 'sbi_versions v',
  fields: {
    id: { sql: 'v.id' },
    swBinaryHash: { sql: 'v.sw_binary_hash' },
    swVersion: { sql: 'v.sw_version' },
    swCreateDateTime: { sql: 'v.sw_created_at', kind: 'timestamp' },
    swExpiryDateTime: { sql: 'v.sw_expires_at', kind: 'timestamp' },
    providerId: { sql: 'v.provider_id' },
    partnerOrganizationName: { sql: 'v.partner_org_name' },
    approvalStatus: { sql: 'v.approval_status' },
    isActive: { sql: 'v.is_active', kind: 'boolean' },
    ...audit('v'),
  },
  owner: 'v.provider_id',
  order: 'v.id',
};

/** MOSIP's device_detail_sbi search rows: a device model with an SBI version it runs. */
export const SBI_DEVICE_LINKS: Searchable = {
  from: 'device_sbi_links l join device_details d on d.id = l.device_detail_id join sbi_versions v on v.id = l.sbi_id',
  fields: {
    deviceDetailId: { sql: 'l.device_detail_id' },
    sbiId: { sql: 'l.sbi_id' },
    providerId: { sql: 'l.provider_id' },
    providerName: { sql: 'd.partner_org_name' },
    make: { sql: 'd.make' },
    model: { sql: 'd.model' },
    deviceTypeCode: { sql: 'd.type_code' },
    deviceSubTypeCode: { sql: 'd.sub_type_code' },
    swBinaryHash: { sql: 'v.sw_binary_hash' },
    swVersion: { sql: 'v.sw_version' },
    crBy: { sql: 'l.created_by' },
    crDtimes: { sql: 'l.created_at', kind: 'timestamp' },
  },
  owner: 'l.provider_id',
  order: 'l.device_detail_id, l.sbi_id',
};

/** MOSIP masterdata's RegisteredDevice rows; `isActive` is a live registration. */
export const REGISTERED_DEVICES: Searchable = {
  from: 'registered_devices r',
  fields: {
    code: { sql: 'r.device_code' },
    statusCode: { sql: 'r.status' },
    deviceId: { sql: 'r.device_id' },
    deviceSubId: { sql: 'r.device_sub_ids' },
    digitalId: { sql: 'r.digital_id' },
    serialNumber: { sql: 'r.serial_no' },
    providerId: { sql: 'r.provider_id' },
    providerName: { sql: 'r.device_provider_name' },
    purpose: { sql: 'r.purpose' },
    firmware: { sql: 'r.firmware' },
    make: { sql: 'r.make' },
    model: { sql: 'r.model' },
    expiryDate: { sql: 'r.device_expiry', kind: 'timestamp' },
    certificationLevel: { sql: 'r.certification' },
    foundationalTPId: { sql: 'r.ftp_id' },
    deviceTypeCode: { sql: 'r.type_code' },
    deviceSTypeCode: { sql: 'r.sub_type_code' },
    deviceDetailId: { sql: 'r.device_detail_id' },
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
    ftpChipDetailId: { sql: 'c.id' },
    ftpProviderId: { sql: 'c.provider_id' },
    make: { sql: 'c.make' },
    model: { sql: 'c.model' },
    certificateAlias: { sql: 'c.ca_certificate_id' },
    partnerOrganizationName: { sql: 'c.partner_org_name' },
    active: { sql: 'c.is_active', kind: 'boolean' },
    isActive: { sql: 'c.is_active', kind: 'boolean' },
    deleted: { sql: 'false', kind: 'boolean' },
    approvalStatus: { sql: 'c.approval_status' },
    crBy: { sql: 'c.created_by' },
    crDtimes: { sql: 'c.created_at', kind: 'timestamp' },
    updBy: { sql: 'c.updated_by' },
    updDtimes: { sql: 'c.updated_at', kind: 'timestamp' },
    delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
  },
  owner: 'c.provider_id',
  order: 'c.id',
};

/** MISP licences: the key itself is stored only as a hash, so rows carry its prefix (docs/pms-compatibility.md). */
export const MISP_LICENSES: Searchable = {
  from: 'misp_licenses l',
  fields: {
    id: { sql: 'l.id' },
    mispId: { sql: 'l.misp_id' },
    providerId: { sql: 'l.misp_id' },
    licenseKeyPrefix: { sql: 'l.key_prefix' },
    validFromDate: { sql: 'l.valid_from', kind: 'timestamp' },
    validToDate: { sql: 'l.valid_to', kind: 'timestamp' },
    isActive: { sql: "(l.status = 'ACTIVE')", kind: 'boolean' },
    status: { sql: 'l.status' },
    crBy: { sql: 'l.created_by' },
    crDtimes: { sql: 'l.created_at', kind: 'timestamp' },
  },
  owner: 'l.misp_id',
  order: 'l.id',
};

export const API_KEY_REQUESTS: Searchable = {
  from: 'policy_requests r join partners p on p.id = r.partner_id join policies a on a.id = r.policy_id',
  fields: {
    apikeyRequestId: { sql: 'r.id' },
    partnerId: { sql: 'r.partner_id' },
    partnerName: { sql: 'p.name' },
    policyId: { sql: 'r.policy_id' },
    policyName: { sql: 'a.name' },
    requestDatetimes: { sql: 'r.created_at', kind: 'timestamp' },
    requestDetail: { sql: 'r.use_case' },
    statusCode: { sql: 'r.status' },
    crBy: { sql: 'r.created_by' },
    crDtimes: { sql: 'r.created_at', kind: 'timestamp' },
    updBy: { sql: 'r.decided_by' },
    updDtimes: { sql: 'r.decided_at', kind: 'timestamp' },
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
    label: { sql: 'k.label' },
    partnerId: { sql: 'k.partner_id' },
    partnerName: { sql: 'p.name' },
    policyId: { sql: 'k.policy_id' },
    policyName: { sql: 'a.name' },
    validFromDatetime: { sql: 'k.valid_from', kind: 'timestamp' },
    validToDatetime: { sql: 'k.valid_to', kind: 'timestamp' },
    isActive: { sql: "(k.status = 'ACTIVE')", kind: 'boolean' },
    isDeleted: { sql: 'false', kind: 'boolean' },
    crBy: { sql: 'k.created_by' },
    crDtimes: { sql: 'k.created_at', kind: 'timestamp' },
    updBy: { sql: 'k.revoked_by' },
    updDtimes: { sql: 'k.revoked_at', kind: 'timestamp' },
    delDtimes: { sql: 'null::timestamptz', kind: 'timestamp' },
  },
  owner: 'k.partner_id',
  order: 'k.id',
};
