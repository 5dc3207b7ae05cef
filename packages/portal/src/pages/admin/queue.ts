import { call, PM } from '../../api/client.ts';
import type {
  ApiKeyRequestSummary,
  AttachedConformance,
  ChipModel,
  DeviceModel,
  Partner,
  SbiVersion,
} from '../../api/types.ts';
import { certificateFacts } from '../../cert/certificate.ts';

/** One item awaiting the partner admin's decision, whatever its kind. */
export interface QueueItem {
  key: string;
  kind: 'Partner' | 'Chip model' | 'Device model' | 'SBI version' | 'API key request';
  title: string;
  partnerId: string;
  since: string;
  /** Whether the API records a reason with a rejection of this kind. */
  takesReason: boolean;
  facts: [string, string][];
  /** A PEM to show in full, when the item carries a certificate. */
  certificate?: () => Promise<string>;
  /** The SBI conformance report the provider attached (device models and SBI versions), or null. */
  conformance?: () => Promise<AttachedConformance | null>;
  /** `shownCertificate`: the PEM the reviewer was shown, which an approval names by its thumbprint. */
  decide: (approve: boolean, reason: string, shownCertificate?: string) => Promise<unknown>;
}

/** The report attached to a device detail or SBI version (our route beside MOSIP's, docs/conformance.md). */
const conformanceOf = (kind: 'device-details' | 'sbi-versions', id: string) => async () =>
  (
    await call<{ conformance: AttachedConformance | null }>(
      'GET',
      `/v1/trust/${kind}/${encodeURIComponent(id)}/conformance-report`,
    )
  ).conformance;

const pendingPartner = (p: Partner) => p.approvalStatus !== 'approved' && p.approvalStatus !== 'rejected';

/**
 * Everything awaiting a decision, oldest first, from the list routes of each kind. MISP licences are
 * issued without an approval step and partner certificates are checked on upload, so neither waits here.
 */
export async function loadQueue(): Promise<QueueItem[]> {
  const [partners, chips, devices, sbis, keys] = await Promise.all([
    call<{ partners: Partner[] }>('GET', `${PM}/partners`),
    call<ChipModel[]>('GET', `${PM}/ftpchipdetail`),
    call<DeviceModel[]>('GET', `${PM}/devicedetail`),
    call<SbiVersion[]>('GET', `${PM}/securebiometricinterface`),
    call<{ apikeyRequests: ApiKeyRequestSummary[] }>('GET', `${PM}/partners/apikey?status=InProgress`),
  ]);
  const items: QueueItem[] = [
    ...partners.partners.filter(pendingPartner).map(
      (p): QueueItem => ({
        key: `partner:${p.partnerID}`,
        kind: 'Partner',
        title: `${p.organizationName} (${p.partnerType})`,
        partnerId: p.partnerID,
        since: p.createdDateTime,
        takesReason: true,
        facts: [
          ['Partner id', p.partnerID],
          ['Organisation', p.organizationName],
          ['Type', p.partnerType],
          ['Email', p.emailId],
          ['Contact number', p.contactNumber],
          ['Address', p.address],
          ['Policy group', p.policyGroup || '—'],
        ],
        decide: (approve, reason) =>
          approve
            ? call('POST', `${PM}/partners/${encodeURIComponent(p.partnerID)}/approve`)
            : call('POST', `${PM}/partners/${encodeURIComponent(p.partnerID)}/reject`, { reason }),
      }),
    ),
    ...chips
      .filter((c) => c.approvalStatus === 'pending_approval')
      .map(
        (c): QueueItem => ({
          key: `chip:${c.ftpChipDetailId}`,
          kind: 'Chip model',
          title: `${c.make} ${c.model}`,
          partnerId: c.ftpProviderId,
          since: c.crDtimes,
          takesReason: false,
          facts: [
            ['FTM provider', `${c.partnerOrganizationName} (${c.ftpProviderId})`],
            ['Make', c.make],
            ['Model', c.model],
          ],
          certificate: async () =>
            (
              await call<{ certificateData: string }>(
                'GET',
                `${PM}/ftpchipdetail/getPartnerCertificate/${encodeURIComponent(c.ftpChipDetailId)}`,
              )
            ).certificateData,
          decide: async (approve, _reason, shown) => {
            // The approval names the certificate shown: one replaced since is refused (TS_CHANGED_SINCE_REVIEW).
            if (approve && !shown) throw new Error('Approve once the certificate is shown');
            const certificateThumbprint = shown && (await certificateFacts(shown)).sha256;
            return call('PATCH', `${PM}/ftpchipdetail`, {
              ftpChipDetailId: c.ftpChipDetailId,
              approvalStatus: approve,
              ...(approve ? { certificateThumbprint } : {}),
            });
          },
        }),
      ),
    ...devices
      .filter((d) => d.approvalStatus === 'pending_approval')
      .map(
        (d): QueueItem => ({
          key: `device:${d.id}`,
          kind: 'Device model',
          title: `${d.make} ${d.model} (${d.deviceTypeCode} ${d.deviceSubTypeCode})`,
          partnerId: d.deviceProviderId,
          since: d.crDtimes,
          takesReason: false,
          facts: [
            ['Device provider', `${d.partnerOrganizationName} (${d.deviceProviderId})`],
            ['Type', d.deviceTypeCode],
            ['Sub-type', d.deviceSubTypeCode],
            ['Make', d.make],
            ['Model', d.model],
            ['Record version', String(d.recordVersion)],
          ],
          conformance: conformanceOf('device-details', d.id),
          decide: (approve) =>
            call('PATCH', `${PM}/devicedetail`, {
              id: d.id,
              approvalStatus: approve ? 'Activate' : 'De-activate',
              // The version shown here: an edit since then refuses the approval (TS_CHANGED_SINCE_REVIEW).
              recordVersion: d.recordVersion,
            }),
        }),
      ),
    ...sbis
      .filter((s) => s.approvalStatus === 'pending_approval')
      .map(
        (s): QueueItem => ({
          key: `sbi:${s.id}`,
          kind: 'SBI version',
          title: `SBI ${s.swVersion}`,
          partnerId: s.providerId,
          since: s.crDtimes,
          takesReason: false,
          facts: [
            ['Device provider', `${s.partnerOrganizationName} (${s.providerId})`],
            ['Version', s.swVersion],
            ['Binary hash', s.swBinaryHash],
            ['Created', s.swCreateDateTime],
            ['Expires', s.swExpiryDateTime],
            ['Record version', String(s.recordVersion)],
          ],
          conformance: conformanceOf('sbi-versions', s.id),
          decide: (approve) =>
            call('PATCH', `${PM}/securebiometricinterface`, {
              id: s.id,
              approvalStatus: approve ? 'Activate' : 'De-activate',
              recordVersion: s.recordVersion,
            }),
        }),
      ),
    ...keys.apikeyRequests.map(
      (k): QueueItem => ({
        key: `apikey:${k.apiKeyReqNo}`,
        kind: 'API key request',
        title: `${k.organizationName}: policy ${k.policyName}`,
        partnerId: k.partnerID,
        since: k.requestedAt,
        takesReason: true,
        facts: [
          ['Partner', `${k.organizationName} (${k.partnerID})`],
          ['Policy', k.policyName],
          ['Policy description', k.policyDesc],
          ['Request', k.apiKeyReqNo],
        ],
        decide: (approve, reason) =>
          call(
            'PUT',
            `${PM}/partners/policy/${encodeURIComponent(k.apiKeyReqNo)}`,
            approve ? { status: 'Approved' } : { status: 'Rejected', reason },
          ),
      }),
    ),
  ];
  return items.sort((a, b) => a.since.localeCompare(b.since));
}
