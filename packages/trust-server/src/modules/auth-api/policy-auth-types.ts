// The policy's authentication-type rules (IDA's check 12, docs/trust-server.md "Authentication API"):
// every requested type must be allowed, each biometric modality as `bio` with its sub-type (FINGER,
// IRIS, FACE; `bio` without a sub-type allows any), and every mandatory type must be requested.

export interface AllowedAuthType {
  authType: string;
  authSubType?: string;
  mandatory?: boolean;
}

/** The policy document's allowedAuthTypes (anything else reads as none allowed). */
export function allowedAuthTypes(document: unknown): AllowedAuthType[] {
  const list = (document as { allowedAuthTypes?: unknown } | null)?.allowedAuthTypes;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (a): a is AllowedAuthType =>
      typeof a === 'object' && a !== null && typeof (a as AllowedAuthType).authType === 'string',
  );
}

/** IDA's modality names: Finger and FMR are FINGER. */
export function modalityOf(bioType: string): string {
  const t = bioType.toUpperCase();
  return t === 'FMR' ? 'FINGER' : t;
}

const norm = (s: string | undefined) => (s ?? '').toLowerCase();

/** The first requested type the policy does not allow, or undefined. */
export function firstNotAllowed(requested: string[], allowed: AllowedAuthType[]): string | undefined {
  return requested.find((t) => !allowed.some((a) => norm(a.authType) === norm(t)));
}

/** The first biometric modality (FINGER, IRIS, FACE) the policy does not allow as `bio`, or undefined. */
export function firstModalityNotAllowed(
  modalities: string[],
  allowed: AllowedAuthType[],
): string | undefined {
  const bio = allowed.filter((a) => norm(a.authType) === 'bio');
  return modalities.find((m) => !bio.some((a) => !a.authSubType || norm(a.authSubType) === norm(m)));
}

/** The first mandatory type (as `type` or `bio-SUBTYPE`) the request lacks, or undefined. */
export function firstMandatoryMissing(
  requested: string[],
  modalities: string[],
  allowed: AllowedAuthType[],
): string | undefined {
  for (const a of allowed) {
    if (!a.mandatory) continue;
    if (!requested.some((t) => norm(t) === norm(a.authType))) return a.authType;
    if (
      norm(a.authType) === 'bio' &&
      a.authSubType &&
      !modalities.some((m) => norm(m) === norm(a.authSubType))
    )
      return `bio-${a.authSubType}`;
  }
  return undefined;
}
