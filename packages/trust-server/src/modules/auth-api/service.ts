import {
  AuthInnerRequest,
  AuthRequestBody,
  type AuthResponseBody,
  type AuthTraceStep,
  type BioMatchResult,
} from '@mosip-trust/contracts';
import type { CertifiedKey } from '@mosip-trust/crypto';
import {
  type DeviceRegistry,
  type ReplayStore,
  type TrustAnchors,
  verifyCapture,
} from '@mosip-trust/verifier';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TrustDeps } from '../../deps.ts';
import type { IdaErrorCode } from '../../errors.ts';
import { findAuthPartner, findAuthPolicy, findLicenseByHash } from '../../queries/auth-lookups.ts';
import type { AuthTransactionWriter } from '../../queries/auth-transaction-writer.ts';
import { hashSecret, isWellFormedSecret } from '../api-keys/secret.ts';
import { type ApiKeyRow, lookupApiKey } from '../api-keys/validation.ts';
import type { HotCache } from './cache.ts';
import type { BioMatcher } from './matcher.ts';
import {
  allowedAuthTypes,
  firstMandatoryMissing,
  firstModalityNotAllowed,
  firstNotAllowed,
  modalityOf,
} from './policy-auth-types.ts';
import { Refusal, refuse, schemaMessage, statusOf } from './refusal.ts';
import { decryptAuthRequest, verifySignatureHeader } from './request-crypto.ts';

/**
 * The authentication API's service (docs/trust-server.md, "Authentication API"): MOSIP IDA's checks in
 * its order — input, licence, MISP, partner, policy, API key, signature and certificate match, allowed
 * auth types, consent, request decryption, biometric auth types, mandatory types — then every capture
 * through the verifier and the pluggable matcher. Every call leaves one transaction row with its
 * decision trace. No HTTP here: the route hands over the raw body and headers.
 */
export interface AuthApiContext {
  deps: TrustDeps;
  cache: HotCache;
  trustAnchors: TrustAnchors;
  deviceRegistry?: DeviceRegistry | undefined;
  replayStore?: ReplayStore | undefined;
  matcher: BioMatcher;
  /** Writes the transaction rows (group commit). */
  transactions: AuthTransactionWriter;
}

export interface AuthCall {
  licenseKey: string;
  partnerId: string;
  apiKey: string;
  contentType: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
}

export type AuthCode = IdaErrorCode | string;

export interface AuthOutcome {
  status: number;
  body: AuthResponseBody;
  transactionRowId: string;
}

const checkBody = TypeCompiler.Compile(AuthRequestBody);
const checkInner = TypeCompiler.Compile(AuthInnerRequest);

/** The bioType and bioSubType a capture element claims (read before verification, to apply the policy). */
function claimedModality(data: string): { type: string; subType: string | undefined } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(data.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      bioType?: unknown;
      bioSubType?: unknown;
    };
    if (typeof payload.bioType !== 'string') return undefined;
    return {
      type: payload.bioType,
      subType: typeof payload.bioSubType === 'string' ? payload.bioSubType : undefined,
    };
  } catch {
    return undefined;
  }
}

const VERIFIER_TYPE: Record<string, string> = { FINGER: 'Finger', IRIS: 'Iris', FACE: 'Face' };

export async function authenticate(ctx: AuthApiContext, call: AuthCall): Promise<AuthOutcome> {
  const { deps, cache } = ctx;
  const requestTime = deps.clock.now();
  const started = performance.now();
  const trace: AuthTraceStep[] = [];
  const pass = (check: string, reason: string) => trace.push({ check, outcome: 'pass', reason });
  const row: {
    transactionId: string;
    partnerName: string | null;
    apiKeyId: string | null;
    policyId: string | null;
    mispId: string | null;
    mispLicenseId: string | null;
    authTypes: string[];
    individualId: string | null;
    individualIdType: string | null;
    domainUri: string | null;
    env: string | null;
  } = {
    transactionId: '',
    partnerName: null,
    apiKeyId: null,
    policyId: null,
    mispId: null,
    mispLicenseId: null,
    authTypes: [],
    individualId: null,
    individualIdType: null,
    domainUri: null,
    env: null,
  };
  let match: BioMatchResult | undefined;
  let refusal: Refusal | undefined;

  try {
    // Input: content type, JSON, MOSIP's AuthRequestDTO.
    const type = (call.contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      throw new Refusal(
        'input',
        'TS_AUTH_UNSUPPORTED_MEDIA_TYPE',
        `Content type must be application/json, not ${JSON.stringify(call.contentType ?? '')}`,
      );
    let json: unknown;
    try {
      json = JSON.parse(call.rawBody.toString('utf8'));
    } catch {
      throw refuse('input', 'IDA-MLC-009', 'Invalid Input parameter - the body is not JSON');
    }
    if (
      typeof json === 'object' &&
      json !== null &&
      typeof (json as { transactionID?: unknown }).transactionID === 'string'
    )
      row.transactionId = (json as { transactionID: string }).transactionID.slice(0, 64);
    if (!checkBody.Check(json)) {
      const { code, message } = schemaMessage(checkBody.Errors(json));
      throw refuse('input', code, message);
    }
    const body = json;
    row.transactionId = body.transactionID;
    row.authTypes = Object.entries(body.requestedAuth)
      .filter(([, on]) => on === true)
      .map(([t]) => t);
    row.individualId = body.individualId;
    row.individualIdType = body.individualIdType;
    row.domainUri = body.domainUri;
    row.env = body.env;
    if (!call.signature) throw refuse('input', 'IDA-MLC-006', 'Missing Input parameter - signature header');
    if (row.authTypes.length === 0)
      throw refuse('input', 'IDA-MLC-006', 'Missing Input parameter - requestedAuth');
    pass('input', 'AuthRequestDTO well formed, signature header present');

    const now = requestTime;
    const t = now.getTime();
    // 1. The MISP licence and its MISP.
    const licenseHash = hashSecret(call.licenseKey);
    const license = await cache.get('license', licenseHash, () => findLicenseByHash(deps.db, licenseHash));
    if (!license)
      throw refuse(
        'licence',
        'IDA-MPA-007',
        'License key does not belong to a registered MISP/Partner: unknown licence key',
      );
    row.mispId = license.mispId;
    row.mispLicenseId = license.id;
    if (license.status === 'REVOKED')
      throw refuse(
        'licence',
        'IDA-MPA-017',
        `License key of MISP is blocked: licence ${license.id} was revoked`,
      );
    if (t < license.validFrom.getTime())
      throw new Refusal(
        'licence',
        'TS_AUTH_LICENSE_NOT_YET_VALID',
        `License key of MISP is not valid before ${license.validFrom.toISOString()}`,
      );
    if (license.status === 'EXPIRED' || t > license.validTo.getTime())
      throw refuse(
        'licence',
        'IDA-MPA-008',
        `License key of MISP has expired (${license.validTo.toISOString()})`,
      );
    pass(
      'licence',
      `licence ${license.id} of MISP ${license.mispId} active until ${license.validTo.toISOString()}`,
    );
    if (!(license.mispActive && license.mispApproved))
      throw new Refusal(
        'misp',
        'TS_AUTH_MISP_INACTIVE',
        `MISP ${license.mispId} of the licence key is deactivated`,
      );
    pass('misp', `MISP ${license.mispId} active`);

    // 2. The partner.
    const partner = await cache.get('partner', call.partnerId, () =>
      findAuthPartner(deps.db, call.partnerId),
    );
    if (!partner)
      throw refuse('partner', 'IDA-MPA-009', `Partner is not registered: no partner ${call.partnerId}`);
    row.partnerName = partner.name;
    if (!(partner.active && partner.approved))
      throw refuse('partner', 'IDA-MPA-012', `Partner is deactivated: partner ${partner.id} is not active`);
    if (partner.type !== 'Auth_Partner')
      throw new Refusal(
        'partner',
        'TS_AUTH_NOT_AUTH_PARTNER',
        `Partner ${partner.id} is a ${partner.type}, not an authentication partner`,
      );
    pass('partner', `partner ${partner.id} active`);

    // 3. The policy version the API key is bound to, then 4. the API key itself.
    const keyHash = isWellFormedSecret(call.apiKey) ? hashSecret(call.apiKey) : undefined;
    const key: ApiKeyRow | undefined = keyHash
      ? await cache.get('apiKey', keyHash, () => lookupApiKey(deps.db, keyHash))
      : undefined;
    if (!key || key.partner_id !== partner.id)
      throw new Refusal(
        'apiKey',
        'TS_AUTH_APIKEY_UNKNOWN',
        `API key is not registered for partner ${partner.id}`,
      );
    row.apiKeyId = key.id;
    row.policyId = key.policy_id;
    const policy = await cache.get('policy', key.policy_id, () => findAuthPolicy(deps.db, key.policy_id));
    if (!policy)
      throw refuse(
        'policy',
        'IDA-MPA-019',
        `Partner policy is not active: policy ${key.policy_id} is missing`,
      );
    if (policy.status !== 'PUBLISHED')
      throw refuse(
        'policy',
        'IDA-MPA-019',
        `Partner policy is not active: policy ${policy.id} is ${policy.status.toLowerCase()}`,
      );
    if (t < policy.validFrom.getTime() || t > policy.validTo.getTime())
      throw refuse(
        'policy',
        'IDA-MPA-019',
        `Partner policy is not active: policy ${policy.id} is valid ${policy.validFrom.toISOString()}…${policy.validTo.toISOString()}`,
      );
    pass('policy', `policy version ${policy.id} published and current`);
    if (key.status !== 'ACTIVE')
      throw new Refusal(
        'apiKey',
        'TS_AUTH_APIKEY_REVOKED',
        `Partner API key ${key.id} (${key.label}) is revoked`,
      );
    if (t < key.valid_from.getTime() || t > key.valid_to.getTime())
      throw refuse(
        'apiKey',
        'IDA-MPA-039',
        `Partner API is expired or using before Commence Start Date: key ${key.id} is valid ${key.valid_from.toISOString()}…${key.valid_to.toISOString()}`,
      );
    pass('apiKey', `API key ${key.id} (${key.label}) active until ${key.valid_to.toISOString()}`);

    // 5. The signature header and the partner's certificate.
    const signature = await verifySignatureHeader(call.signature, call.rawBody, now);
    if (!signature.ok) throw refuse('signature', signature.code as IdaErrorCode, signature.message);
    pass('signature', 'detached JWS over the body verified');
    if (partner.certificateThumbprints.length === 0)
      throw new Refusal(
        'certificate',
        'TS_AUTH_CERT_MISSING',
        `Partner ${partner.id} has no signature certificate uploaded`,
      );
    if (!partner.certificateThumbprints.includes(signature.thumbprint))
      throw refuse(
        'certificate',
        'IDA-MPA-021',
        `Signature certificate ${signature.thumbprint} does not match the certificate of partner ${partner.id}`,
      );
    pass('certificate', `signed with partner ${partner.id}'s certificate ${signature.thumbprint}`);

    // 6. Allowed auth types (requestedAuth) and consent.
    const allowed = allowedAuthTypes(policy.document);
    const notAllowed = firstNotAllowed(row.authTypes, allowed);
    if (notAllowed)
      throw refuse(
        'authTypes.allowed',
        'IDA-MPA-006',
        `Auth type ${notAllowed} is not allowed by policy ${policy.id}`,
      );
    pass('authTypes.allowed', `requested ${row.authTypes.join(', ')} allowed by the policy`);
    if (!body.consentObtained) throw refuse('consent', 'IDA-MLC-012');
    pass('consent', 'consent obtained');

    // 7. The encrypted request.
    const decrypted = await decryptAuthRequest(body, [deps.keys.encryption as CertifiedKey]);
    if (!decrypted.ok) throw refuse('request.decrypt', decrypted.code as IdaErrorCode, decrypted.message);
    let inner: unknown;
    try {
      inner = JSON.parse(decrypted.plain);
    } catch {
      throw refuse(
        'request.decrypt',
        'IDA-MLC-009',
        'Invalid Input parameter - the decrypted request is not JSON',
      );
    }
    if (!checkInner.Check(inner)) {
      const { code, message } = schemaMessage(checkInner.Errors(inner));
      throw refuse('request.decrypt', code, message.replace('parameter - ', 'parameter - request.'));
    }
    const biometrics = inner.biometrics ?? [];
    pass('request.decrypt', `request decrypted, HMAC verified, ${biometrics.length} biometric element(s)`);

    // 8. Biometric modalities and mandatory types.
    const claimed = biometrics.map((b) => claimedModality(b.data));
    const modalities = [...new Set(claimed.flatMap((c) => (c ? [modalityOf(c.type)] : [])))];
    if (row.authTypes.includes('bio') && biometrics.length === 0)
      throw refuse('authTypes.bio', 'IDA-MLC-006', 'Missing Input parameter - request.biometrics');
    const modalityRefused = firstModalityNotAllowed(modalities, allowed);
    if (modalityRefused)
      throw refuse(
        'authTypes.bio',
        'IDA-MPA-006',
        `Auth type bio-${modalityRefused} is not allowed by policy ${policy.id}`,
      );
    const mandatory = firstMandatoryMissing(row.authTypes, modalities, allowed);
    if (mandatory)
      throw refuse(
        'authTypes.mandatory',
        'IDA-MPA-015',
        `Mandatory auth type ${mandatory} is missing in the request`,
      );
    pass('authTypes.mandatory', 'every mandatory auth type requested');

    // 9. Every capture through the verifier.
    if (biometrics.length > 0) {
      const bio = modalities.map((m) => ({
        type: VERIFIER_TYPE[m] ?? m,
        count: String(claimed.filter((c) => c && modalityOf(c.type) === m).length),
        bioSubType: [],
        previousHash: '',
      }));
      const decision = await verifyCapture(
        {
          response: { biometrics },
          request: {
            env: body.env,
            purpose: 'Auth',
            specVersion: body.specVersion || '0.9.5',
            domainUri: body.domainUri,
            transactionId: body.transactionID,
            bio: bio.length > 0 ? bio : [{ type: 'Finger', count: String(biometrics.length) }],
          },
        },
        {
          trustAnchors: ctx.trustAnchors,
          ...(ctx.deviceRegistry ? { deviceRegistry: ctx.deviceRegistry } : {}),
          ...(ctx.replayStore ? { replayStore: ctx.replayStore } : {}),
          decryptionKeys: [deps.keys.encryption],
          clock: () => deps.clock.now(),
          // The capture's session-key unwraps run on libuv's pool, not on the event loop.
          options: { unwrapOnThreadPool: true },
        },
      );
      for (const c of decision.checks)
        trace.push({
          check: `capture.${c.name}`,
          outcome: c.outcome,
          reason: c.reason,
          ...(c.code ? { code: c.code } : {}),
          ...(c.mosipCode ? { mosipCode: c.mosipCode } : {}),
        });
      if (decision.decision === 'refused') {
        const failed = decision.checks.find((c) => c.outcome === 'fail');
        throw new Refusal(
          `capture.${failed?.name ?? 'verify'}`,
          decision.code ?? 'TS_AUTH_CAPTURE_REFUSED',
          `Biometric capture verification failed at ${failed?.name ?? '?'}: ${decision.reason ?? ''}`.slice(
            0,
            500,
          ),
          decision.mosipCode,
          true,
        );
      }
    }

    // 10. The matcher.
    match = await ctx.matcher.match({
      individualId: body.individualId,
      individualIdType: body.individualIdType,
      elements: biometrics.length,
    });
    if (match.performed && match.matched !== true)
      throw new Refusal('match', 'IDA-BIA-001', 'Biometric data did not match');
    trace.push({ check: 'match', outcome: match.performed ? 'pass' : 'not-run', reason: match.message });
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    refusal = e;
    if (!e.traced)
      trace.push({
        check: e.check,
        outcome: 'fail',
        code: e.code,
        ...(e.mosipCode && e.mosipCode !== e.code ? { mosipCode: e.mosipCode } : {}),
        reason: e.message,
      });
  }

  const responseTime = deps.clock.now();
  const transactionRowId = await ctx.transactions.record({
    requestTime,
    responseTime,
    transactionId: row.transactionId || '(none)',
    partnerId: call.partnerId.slice(0, 64),
    partnerName: row.partnerName,
    apiKeyId: row.apiKeyId,
    policyId: row.policyId,
    mispId: row.mispId,
    mispLicenseId: row.mispLicenseId,
    authTypes: row.authTypes,
    success: !refusal,
    ...(match && !match.performed && !refusal
      ? { statusComment: `${row.authTypes.join(',')} Success (no biometric match performed)` }
      : {}),
    errorCode: refusal?.code ?? null,
    errorCodes: refusal
      ? [
          refusal.code,
          ...(refusal.mosipCode && refusal.mosipCode !== refusal.code ? [refusal.mosipCode] : []),
        ]
      : [],
    individualId: row.individualId,
    individualIdType: row.individualIdType,
    domainUri: row.domainUri,
    env: row.env,
    latencyMs: Math.round(performance.now() - started),
    trace,
    failedCheck: refusal?.check ?? null,
    matchPerformed: match ? match.performed : null,
  });

  const body: AuthResponseBody = {
    id: 'mosip.identity.auth',
    version: '1.0',
    responseTime: responseTime.toISOString(),
    transactionID: row.transactionId || null,
    response: refusal
      ? { authStatus: false, authToken: null }
      : { authStatus: true, authToken: null, ...(match ? { bioMatch: match } : {}) },
    errors: refusal
      ? [
          {
            errorCode: refusal.code,
            errorMessage: refusal.message,
            ...(refusal.mosipCode && refusal.mosipCode !== refusal.code
              ? { actionMessage: `MOSIP code ${refusal.mosipCode}` }
              : {}),
          },
        ]
      : null,
  };
  return { status: refusal ? statusOf(refusal.code) : 200, body, transactionRowId };
}
