/**
 * The guided demo's story on a running platform (`mosip-trust demo`): every step goes through the public
 * APIs as the people and machines of the story would call them, and says what it saw. A step that fails
 * ends the story: the ones after it depend on it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { buildAuthRequest, type CertifiedKey, createRootCa, issueCertificate } from '@mosip-trust/crypto';
import { mdsJson } from '@mosip-trust/device-service';
import { ApiClient } from './api.ts';
import type { Platform } from './start.ts';

export interface DemoStep {
  step: string;
  ok: boolean;
  detail: string;
}

const PM = '/v1/partnermanager';
const POL = '/v1/policymanager';
/** Finger only: an iris capture is refused by the policy (the refused transaction of the story). */
const FINGER_POLICY = {
  authTokenType: 'partner',
  allowedAuthTypes: [{ authType: 'bio', authSubType: 'FINGER', mandatory: false }],
  allowedKycAttributes: [{ attributeName: 'fullName' }],
};
const secret = () => `Demo-${randomBytes(15).toString('base64url')}`;
const suffix = randomBytes(3).toString('hex');

interface Partner {
  partnerId: string;
  organizationName: string;
  token: string;
}

interface PartnerType {
  code: string;
  isPolicyRequired: boolean;
}

interface Story {
  api: ApiClient;
  /** The trust server's partner types, read once: which must name a policy group at registration. */
  types?: PartnerType[];
  platform: Platform;
  admin: string;
  policyManager: string;
  group: string;
  auth: Partner;
  signer: CertifiedKey;
  misp: Partner;
  licenseKey: string;
  apiKey: string;
  accepted: string;
  refused: string;
}

/** A user signs up and registers an organisation of `partnerType`; the admin approves it. */
async function partnerTypes(s: Story): Promise<PartnerType[]> {
  s.types ??= await s.api.ok<PartnerType[]>('GET', `${PM}/partners/partnertypes`, { token: s.admin });
  return s.types;
}

async function onboardPartner(s: Story, partnerType: string, name: string): Promise<Partner> {
  const policyRequired = (await partnerTypes(s)).find((t) => t.code === partnerType)?.isPolicyRequired;
  const username = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}${suffix}`;
  const password = secret();
  const email = `${username}@demo.mosip-trust.example`;
  await s.api.ok('POST', '/v1/trust/accounts/signup', { request: { username, password, email } });
  const token = await s.api.login(username, password);
  // Within the partner id's 36 characters.
  const partnerId = `DEMO.${name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 20)}.${suffix}`;
  const organizationName = `${name} ${suffix}`;
  await s.api.ok('POST', `${PM}/partners`, {
    token,
    request: {
      partnerId,
      organizationName,
      address: '1 Demo Street',
      contactNumber: '+911234567890',
      emailId: email,
      partnerType,
      ...(policyRequired ? { policyGroup: s.group } : {}),
    },
  });
  await s.api.ok('POST', `${PM}/partners/${partnerId}/approve`, { token: s.admin });
  // The approval gave the user the partner's role: a new sign-in carries it.
  return { partnerId, organizationName, token: await s.api.login(username, password) };
}

/** One Auth capture by device `deviceId` of the platform's device service, as the auth request carries it. */
async function capture(s: Story, deviceId: string, transactionId: string) {
  const device = s.platform.devices.summary().find((d) => d.deviceId === deviceId);
  if (!device) throw new Error(`no device ${deviceId}`);
  // The Auth set's single finger and single iris: one presentation each.
  const iris = device.type === 'Iris';
  const answer = await mdsJson<{ biometrics: Record<string, unknown>[] }>(
    s.platform.devices.port,
    'CAPTURE',
    '/capture',
    {
      env: device.env,
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: new Date().toISOString(),
      domainUri: s.platform.server.url,
      transactionId,
      bio: [
        {
          type: device.type,
          count: '1',
          bioSubType: [iris ? 'Left' : 'UNKNOWN'],
          deviceId,
          deviceSubId: '0',
          requestedScore: '40',
          previousHash: '',
        },
      ],
      customOpts: null,
    },
  );
  const first = answer.biometrics?.[0] as { error?: { errorCode: string; errorInfo: string } } | undefined;
  if (first?.error?.errorCode !== '0')
    throw new Error(`the ${device.kind} capture failed: ${JSON.stringify(first?.error ?? answer)}`);
  return {
    env: device.env,
    biometrics: answer.biometrics.map((e) => ({
      specVersion: e.specVersion,
      data: e.data,
      hash: e.hash,
      sessionKey: e.sessionKey,
      thumbprint: e.thumbprint,
    })),
  };
}

/** Captures with `deviceId` and authenticates through the MISP's licence key with the partner's API key. */
async function authenticate(s: Story, deviceId: string) {
  const transactionId = randomUUID().replaceAll('-', '').slice(0, 20);
  const { env, biometrics } = await capture(s, deviceId, transactionId);
  const req = await buildAuthRequest({
    transactionId,
    biometrics,
    encryptionDer: s.platform.server.deps.keys.encryption.certificateDer,
    signer: s.signer,
    domainUri: s.platform.server.url,
    env,
  });
  const res = await fetch(
    `${s.api.base}/idauthentication/v1/auth/${s.licenseKey}/${s.auth.partnerId}/${s.apiKey}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', signature: req.signature },
      body: req.raw,
    },
  );
  const body = (await res.json()) as {
    response: { authStatus: boolean } | null;
    errors: { errorCode: string; errorMessage: string }[] | null;
  };
  return { transactionId, status: res.status, body };
}

type StepFn = (s: Story) => Promise<string>;

const STEPS: [string, StepFn][] = [
  [
    'the first admin signs in with the one-time password',
    async (s) => {
      const first = s.platform.firstAdmin;
      if (!first) throw new Error('the data directory is not fresh: its admin already signed in');
      s.admin = await s.api.firstLogin(first.user, first.oneTimePassword, secret());
      return `"${first.user}" signed in and replaced the one-time password`;
    },
  ],
  [
    'FTM provider and device provider onboarded and approved',
    async (s) => {
      const ids = [s.platform.state.ftmProviderId, s.platform.state.deviceProviderId];
      const views = await Promise.all(
        ids.map((id) =>
          s.api.ok<{ partnerID: string; partnerType: string; approvalStatus: string }>(
            'GET',
            `${PM}/partners/${id}`,
            { token: s.admin },
          ),
        ),
      );
      return views.map((v) => `${v.partnerID} (${v.partnerType}) ${v.approvalStatus}`).join('; ');
    },
  ],
  [
    'devices registered through the management server',
    async (s) => {
      const page = await s.api.ok<{ data: { serialNo: string; type: string; status: string }[] }>(
        'GET',
        '/v1/masterdata/registereddevices?pageSize=50',
        { token: s.admin },
      );
      const serials = new Set(s.platform.devices.summary().map((d) => d.serialNo));
      const mine = page.data.filter((d) => serials.has(d.serialNo));
      if (mine.length !== serials.size || mine.some((d) => d.status !== 'Registered'))
        throw new Error(`the trust server lists ${JSON.stringify(mine)}`);
      return `${mine.length} devices Registered in the trust server (${mine.map((d) => d.type).join(', ')}), via ${s.platform.management.url}`;
    },
  ],
  [
    'the policy manager publishes an authentication policy',
    async (s) => {
      const username = `policy${suffix}`;
      const made = await s.api.ok<{ oneTimePassword: string }>('POST', '/v1/trust/users', {
        token: s.admin,
        request: { username, email: `${username}@demo.mosip-trust.example`, roles: ['POLICYMANAGER'] },
      });
      s.policyManager = await s.api.firstLogin(username, made.oneTimePassword, secret());
      s.group = `banks-${suffix}`;
      const group = await s.api.ok<{ id: string }>('POST', `${POL}/policies/group/new`, {
        token: s.policyManager,
        request: { name: s.group, desc: 'Banks authenticating their customers' },
      });
      const policy = await s.api.ok<{ id: string }>('POST', `${POL}/policies`, {
        token: s.policyManager,
        request: {
          policyGroupName: s.group,
          name: 'counter',
          desc: 'Fingerprint authentication at the counter',
          version: '1.0',
          policyType: 'Auth',
          policies: FINGER_POLICY,
        },
      });
      await s.api.ok('POST', `${POL}/policies/${policy.id}/group/${group.id}/publish`, {
        token: s.policyManager,
      });
      return `policy "counter" (finger only) published in group ${s.group}`;
    },
  ],
  [
    'authentication partner onboarded, approved, its certificate trusted',
    async (s) => {
      s.auth = await onboardPartner(s, 'Auth_Partner', 'Demo Bank');
      const root = await createRootCa({
        subject: `CN=Demo Bank Root, O=${s.auth.organizationName}, C=IN`,
        validityDays: 3650,
      });
      await s.api.ok(`POST`, `${PM}/partners/certificate/ca/upload`, {
        token: s.admin,
        request: { certificateData: root.certificatePem, partnerDomain: 'AUTH' },
      });
      s.signer = (await issueCertificate(root, {
        subject: `CN=Demo Bank signer, O=${s.auth.organizationName}, C=IN`,
        ca: false,
        keyUsage: 'signing',
        validityDays: 365,
      })) as CertifiedKey;
      await s.api.ok('POST', `${PM}/partners/certificate/upload`, {
        token: s.auth.token,
        request: {
          partnerId: s.auth.partnerId,
          certificateData: s.signer.certificatePem,
          partnerDomain: 'AUTH',
        },
      });
      return `${s.auth.partnerId} approved; its CA is an AUTH anchor and its signature certificate uploaded`;
    },
  ],
  [
    'MISP onboarded and approved, licence key issued',
    async (s) => {
      s.misp = await onboardPartner(s, 'MISP_Partner', 'Demo MISP');
      const licence = await s.api.ok<{ licenseKey: string }>('POST', `${PM}/misps`, {
        token: s.misp.token,
        request: { providerId: s.misp.partnerId },
      });
      s.licenseKey = licence.licenseKey;
      return `${s.misp.partnerId} approved, licence key issued (shown once to the MISP)`;
    },
  ],
  [
    'every other partner type onboarded and approved',
    async (s) => {
      const types = await partnerTypes(s);
      const done = new Set(['FTM_Provider', 'Device_Provider', 'Auth_Partner', 'MISP_Partner']);
      const others = types.map((t) => t.code).filter((c) => !done.has(c));
      const made = [];
      for (const type of others)
        made.push((await onboardPartner(s, type, type.replaceAll('_', ' '))).partnerId);
      return `${made.length} more: ${others.join(', ')}`;
    },
  ],
  [
    'API key requested and approved',
    async (s) => {
      const map = await s.api.ok<{ mappingkey: string }>(
        'POST',
        `${PM}/partners/${s.auth.partnerId}/policy/map`,
        {
          token: s.auth.token,
          request: { policyName: 'counter', useCaseDescription: 'authenticate customers at the counter' },
        },
      );
      await s.api.ok('PUT', `${PM}/partners/policy/${map.mappingkey}`, {
        token: s.admin,
        request: { status: 'Approved' },
      });
      const key = await s.api.ok<{ apiKey: string }>(
        'PATCH',
        `${PM}/partners/${s.auth.partnerId}/generate/apikey`,
        {
          token: s.auth.token,
          request: { policyName: 'counter', label: 'counter-1' },
        },
      );
      s.apiKey = key.apiKey;
      return `the admin approved ${s.auth.partnerId}'s request for policy "counter"; API key created`;
    },
  ],
  [
    'finger capture authenticated through the MISP licence key',
    async (s) => {
      const finger = s.platform.devices.summary().find((d) => d.kind === 'finger-single');
      const a = await authenticate(s, finger?.deviceId ?? '');
      if (a.status !== 200 || a.body.response?.authStatus !== true)
        throw new Error(`answered ${a.status}: ${JSON.stringify(a.body.errors)}`);
      s.accepted = a.transactionId;
      return `transaction ${a.transactionId}: authStatus true (every capture check passed)`;
    },
  ],
  [
    'iris capture refused by the policy',
    async (s) => {
      const iris = s.platform.devices.summary().find((d) => d.kind === 'iris-single');
      const a = await authenticate(s, iris?.deviceId ?? '');
      const error = a.body.errors?.[0];
      if (a.status === 200 || !error) throw new Error(`not refused: ${a.status} ${JSON.stringify(a.body)}`);
      s.refused = a.transactionId;
      return `transaction ${a.transactionId}: ${error.errorCode} ${error.errorMessage}`;
    },
  ],
  [
    "the MISP's transaction log",
    async (s) => {
      const log = await s.api.ok<{
        data: { transactionId: string; status: string; errorCode: string | null }[];
      }>('GET', `${PM}/misps/${s.misp.partnerId}/transactions`, { token: s.misp.token });
      const ids = new Set(log.data.map((t) => t.transactionId));
      if (!ids.has(s.accepted) || !ids.has(s.refused))
        throw new Error(`the log lacks the story's transactions: ${JSON.stringify(log.data)}`);
      return log.data
        .map((t) => `${t.transactionId} ${t.status}${t.errorCode ? ` ${t.errorCode}` : ''}`)
        .join('; ');
    },
  ],
  [
    "the refused transaction's trace",
    async (s) => {
      const [trace] = await s.api.ok<
        { failedCheck: string | null; errorCodes: string[]; trace: { check: string; outcome: string }[] }[]
      >('GET', `/v1/trust/auth-transactions/${s.refused}`, { token: s.auth.token });
      if (!trace?.failedCheck) throw new Error('no failed check in the trace');
      const passed = trace.trace.filter((c) => c.outcome === 'pass').length;
      return `${passed} checks passed, then "${trace.failedCheck}" failed with ${trace.errorCodes.join(', ')}`;
    },
  ],
];

/** Runs the story, calling `onStep` after each step; stops at the first failure. */
export async function runDemo(platform: Platform, onStep: (s: DemoStep) => void): Promise<DemoStep[]> {
  const story = { api: new ApiClient(platform.server.url), platform } as Story;
  const steps: DemoStep[] = [];
  for (const [step, run] of STEPS) {
    let result: DemoStep;
    try {
      result = { step, ok: true, detail: await run(story) };
    } catch (e) {
      result = { step, ok: false, detail: (e as Error).message };
    }
    steps.push(result);
    onStep(result);
    if (!result.ok) break;
  }
  return steps;
}
