import { type TSchema, Type } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';

/**
 * The policy documents MOSIP's policy manager accepts (auth-policy-schema.json, data-share-policy-schema.json,
 * misp-policy-schema.json in mosip-config): strict objects, unknown keys rejected, as the JSON schemas say.
 */

const strict = { additionalProperties: false } as const;

export const AuthPolicyDocument = Type.Object(
  {
    authTokenType: Type.Union([Type.Literal('random'), Type.Literal('partner'), Type.Literal('policy')]),
    allowedAuthTypes: Type.Array(
      Type.Object(
        {
          authType: Type.String({ minLength: 1 }),
          authSubType: Type.Optional(Type.String()),
          mandatory: Type.Boolean(),
        },
        strict,
      ),
    ),
    allowedKycAttributes: Type.Array(Type.Object({ attributeName: Type.String({ minLength: 1 }) }, strict)),
    kycLanguages: Type.Optional(Type.Array(Type.String())),
  },
  strict,
);

const SourceFilter = Type.Object(
  {
    type: Type.Optional(Type.String()),
    subType: Type.Optional(Type.Array(Type.String())),
    language: Type.Optional(Type.String()),
  },
  strict,
);

export const DataSharePolicyDocument = Type.Object(
  {
    dataSharePolicies: Type.Object(
      {
        typeOfShare: Type.Union([Type.Literal('Data Share'), Type.Literal('direct')]),
        validForInMinutes: Type.String({ pattern: '^[0-9]+$' }),
        transactionsAllowed: Type.String({ pattern: '^[0-9]+$' }),
        encryptionType: Type.Union([Type.Literal('Partner Based'), Type.Literal('none')]),
        shareDomain: Type.String({ minLength: 1 }),
        source: Type.String({ minLength: 1 }),
        protocol: Type.Optional(Type.String()),
      },
      strict,
    ),
    shareableAttributes: Type.Array(
      Type.Object(
        {
          attributeName: Type.String({ minLength: 1 }),
          group: Type.Optional(Type.String()),
          source: Type.Array(
            Type.Object(
              { attribute: Type.String({ minLength: 1 }), filter: Type.Optional(Type.Array(SourceFilter)) },
              strict,
            ),
          ),
          encrypted: Type.Boolean(),
          format: Type.Optional(Type.String()),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const MispPolicyDocument = Type.Object(
  {
    allowAuthRequestDelegation: Type.Boolean(),
    allowKycRequestDelegation: Type.Boolean(),
    trustBindedAuthVerificationToken: Type.Optional(Type.Boolean()),
  },
  strict,
);

/** Policy types of `pmp.allowed.policy.types`, in MOSIP's spelling. */
export const POLICY_TYPES = ['Auth', 'DataShare', 'CredentialIssuance', 'MISP'] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

const SCHEMAS: Record<PolicyType, TSchema> = {
  Auth: AuthPolicyDocument,
  DataShare: DataSharePolicyDocument,
  CredentialIssuance: DataSharePolicyDocument,
  MISP: MispPolicyDocument,
};

/** MOSIP matches the type case-insensitively; returns the canonical spelling or undefined. */
export function canonicalPolicyType(input: string): PolicyType | undefined {
  return POLICY_TYPES.find((t) => t.toLowerCase() === input.toLowerCase());
}

/**
 * Undefined when the document matches its type's schema, else MOSIP's policy-validator refusal: a missing
 * required attribute -> PMS_PV_006 "Missing input parameter - <attribute>", any other mismatch -> PMS_PV_005
 * "Invalid input parameter - <path>" (docs/pms-compatibility.md).
 */
export function policyDocumentProblem(
  type: PolicyType,
  document: unknown,
): { code: 'PMS_PV_005' | 'PMS_PV_006'; message: string } | undefined {
  const schema = SCHEMAS[type];
  if (Value.Check(schema, document)) return undefined;
  const errors = [...Value.Errors(schema, document)];
  const missing = errors.find((e) => e.type === ValueErrorType.ObjectRequiredProperty);
  if (missing) return { code: 'PMS_PV_006', message: `Missing input parameter - ${missing.path || '/'}` };
  const first = errors[0];
  return {
    code: 'PMS_PV_005',
    message: `Invalid input parameter - ${first ? `${first.path || '/'}: ${first.message}` : '/'}`,
  };
}
