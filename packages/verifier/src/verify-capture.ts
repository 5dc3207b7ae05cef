/**
 * Verifies a CAPTURE (Auth) or RCAPTURE (Registration) response against its request, check by check in
 * the order of MOSIP's authentication service (IDA filter and validator phases), with the project's
 * stricter device-registration checks after the signatures (docs/verifier.md). The first failing check
 * decides; the checks after it are reported as not run. Nothing biometric enters the trace.
 */
import type { VerificationCheck, VerificationDecision } from '@mosip-trust/contracts';
import { DECRYPTION_CHECKS } from './checks/decryption.ts';
import { DEVICE_CHECKS } from './checks/device.ts';
import { INPUT_CHECKS } from './checks/input.ts';
import { REQUEST_MATCH_CHECKS } from './checks/request-match.ts';
import { SIGNATURE_CHECKS } from './checks/signatures.ts';
import type { Check, State } from './checks/support.ts';
import { TIME_AND_COUNT_CHECKS } from './checks/time-counts.ts';
import type { VerifierDependencies } from './dependencies.ts';
import { CheckFailure, ERROR_CODES, type VerifierErrorCode } from './errors.ts';

// The checks are built once: creating them per verification cost a closure (and, under tsx, a
// defineProperty for its name) per check and call (docs/verifier.md, "Where the time goes").
const CHECKS: Check[] = [
  ...INPUT_CHECKS,
  ...SIGNATURE_CHECKS,
  ...DEVICE_CHECKS,
  ...DECRYPTION_CHECKS,
  ...REQUEST_MATCH_CHECKS,
  ...TIME_AND_COUNT_CHECKS,
];

function entry(
  name: string,
  outcome: VerificationCheck['outcome'],
  reason: string,
  code?: VerifierErrorCode,
) {
  const check: VerificationCheck = { name, outcome, reason: reason.slice(0, 500) };
  if (code) {
    check.code = code;
    const mosip = ERROR_CODES[code].mosip;
    if (mosip) check.mosipCode = mosip;
  }
  return check;
}

/**
 * Verifies a capture response against its request. `response` and `request` are the parsed JSON bodies
 * (MDS 0.9.5 CAPTURE or RCAPTURE). Returns the decision with the trace of every check; throws only for
 * errors of the verifier's own dependencies that are not a verdict (a bug, never a bad capture).
 */
export async function verifyCapture(
  input: { response: unknown; request: unknown },
  deps: VerifierDependencies,
): Promise<VerificationDecision> {
  const trace: VerificationCheck[] = [];
  const state = {
    deps,
    opts: deps.options ?? {},
    keys: deps.decryptionKeys ?? [],
    now: (deps.clock ?? (() => new Date()))(),
    input: { response: input?.response, request: input?.request },
    elements: [],
    registered: new Map(),
  } as unknown as State; // request, response and purpose are set by the first two checks
  let failure: CheckFailure | undefined;
  for (const check of CHECKS) {
    if (failure) {
      trace.push(entry(check.name, 'not-run', 'an earlier check failed'));
      continue;
    }
    try {
      // Most checks are synchronous: awaiting only promises saves a microtask turn per check.
      const run = check.run(state);
      const outcome = run instanceof Promise ? await run : run;
      if (typeof outcome === 'string') trace.push(entry(check.name, 'pass', outcome));
      else trace.push(entry(check.name, 'not-run', outcome.notRun));
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      failure = e;
      trace.push(entry(check.name, 'fail', e.message, e.code));
    }
  }
  const { request, response, purpose } = state as Partial<State>;
  const decision: VerificationDecision = {
    decision: failure ? 'refused' : 'accepted',
    elements: response?.biometrics.length ?? 0,
    checks: trace,
  };
  if (purpose) decision.purpose = purpose;
  if (request) decision.transactionId = request.transactionId;
  if (failure) {
    decision.code = failure.code;
    const mosip = ERROR_CODES[failure.code].mosip;
    if (mosip) decision.mosipCode = mosip;
    decision.reason = failure.message.slice(0, 500);
  }
  return decision;
}
