import { type Static, Type } from '@sinclair/typebox';
import { NullableStr } from './common.ts';

// The authentication API (POST /idauthentication/v1/auth/{MISP-LK}/{partnerId}/{apiKey}): MOSIP IDA's
// request and response shapes, and the decision trace a partner or MISP reads back.

const Str = (maxLength: number) => Type.String({ maxLength });

/** MOSIP's AuthRequestDTO (the outer, signed body). `request` is encrypted (base64url). */
export const AuthRequestBody = Type.Object(
  {
    id: Type.Literal('mosip.identity.auth'),
    version: Type.String({ pattern: '^\\d\\.\\d(\\.\\d)?$', maxLength: 8 }),
    requestTime: Str(40),
    transactionID: Type.String({ minLength: 1, maxLength: 64 }),
    individualId: Type.String({ minLength: 1, maxLength: 64 }),
    individualIdType: Str(16),
    specVersion: Str(16),
    thumbprint: Type.String({ minLength: 1, maxLength: 100 }),
    domainUri: Str(256),
    env: Str(64),
    consentObtained: Type.Boolean(),
    requestedAuth: Type.Object(
      {
        demo: Type.Optional(Type.Boolean()),
        pin: Type.Optional(Type.Boolean()),
        otp: Type.Optional(Type.Boolean()),
        bio: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    requestSessionKey: Type.String({ minLength: 1, maxLength: 2048 }),
    requestHMAC: Type.String({ minLength: 1, maxLength: 1024 }),
    request: Type.String({ minLength: 1, maxLength: 4_000_000 }),
    metadata: Type.Optional(Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())])),
  },
  { additionalProperties: false },
);
export type AuthRequestBody = Static<typeof AuthRequestBody>;

/** One biometric element of the decrypted request: a device capture element as the device sent it. */
export const AuthBiometric = Type.Object({
  specVersion: Type.Optional(Str(16)),
  data: Type.String({ minLength: 1, maxLength: 2_000_000 }),
  hash: Type.String({ maxLength: 128 }),
  sessionKey: Type.String({ maxLength: 2048 }),
  thumbprint: Type.String({ maxLength: 100 }),
});

/** The decrypted `request`: MOSIP's RequestDTO (biometrics only are used; OTP/PIN/demo are out of scope). */
export const AuthInnerRequest = Type.Object({
  timestamp: Str(40),
  biometrics: Type.Optional(Type.Array(AuthBiometric, { maxItems: 14 })),
  otp: Type.Optional(Type.Unknown()),
  staticPin: Type.Optional(Type.Unknown()),
  demographics: Type.Optional(Type.Unknown()),
});
export type AuthInnerRequest = Static<typeof AuthInnerRequest>;

export const AuthError = Type.Object({
  errorCode: Type.String(),
  errorMessage: Type.String(),
  actionMessage: Type.Optional(Type.String()),
});

/** What the pluggable matcher said; the default matcher says that no match was performed. */
export const BioMatchResult = Type.Object({
  performed: Type.Boolean(),
  matched: Type.Optional(Type.Boolean()),
  matcher: Type.String(),
  message: Type.String(),
});
export type BioMatchResult = Static<typeof BioMatchResult>;

/** MOSIP's AuthResponseDTO, with the match statement and our transaction row id. */
export const AuthResponseBody = Type.Object({
  id: Type.String(),
  version: Type.String(),
  responseTime: Type.String(),
  transactionID: NullableStr,
  response: Type.Union([
    Type.Null(),
    Type.Object({
      authStatus: Type.Boolean(),
      authToken: NullableStr,
      bioMatch: Type.Optional(BioMatchResult),
    }),
  ]),
  errors: Type.Union([Type.Null(), Type.Array(AuthError)]),
});
export type AuthResponseBody = Static<typeof AuthResponseBody>;

/** One step of an authentication's decision trace. */
export const AuthTraceStep = Type.Object({
  check: Type.String(),
  outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('not-run')]),
  code: Type.Optional(Type.String()),
  mosipCode: Type.Optional(Type.String()),
  reason: Type.String(),
});
export type AuthTraceStep = Static<typeof AuthTraceStep>;

/** One authentication as the partner or the MISP sees it, with its decision trace. */
export const AuthTransactionTrace = Type.Object({
  id: Type.String(),
  transactionId: Type.String(),
  requestTime: Type.String(),
  responseTime: Type.String(),
  partnerId: Type.String(),
  mispId: NullableStr,
  licenseId: NullableStr,
  apiKeyId: NullableStr,
  policyId: NullableStr,
  authTypes: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('success'), Type.Literal('failure')]),
  errorCodes: Type.Array(Type.String()),
  failedCheck: NullableStr,
  matchPerformed: Type.Union([Type.Null(), Type.Boolean()]),
  trace: Type.Array(AuthTraceStep),
});
export type AuthTransactionTrace = Static<typeof AuthTransactionTrace>;
