import type { BioMatchResult } from '@mosip-trust/contracts';

/**
 * Biometric matching is out of scope (docs/trust-server.md, "Authentication API"): a matcher decides
 * whether the verified captures match the individual. It gets the individual id and the verified
 * capture elements' count; a real matcher would hold its own gallery.
 */
export interface BioMatcher {
  readonly name: string;
  match(input: { individualId: string; individualIdType: string; elements: number }): Promise<BioMatchResult>;
}

/** The default: it performs no match and says so in the response (never a silent "true"). */
export const noMatcher: BioMatcher = {
  name: 'none',
  async match() {
    return {
      performed: false,
      matcher: 'none',
      message:
        'No biometric match was performed: no matcher is configured. The captures were verified (device, signatures, encryption, policy); the person was not compared.',
    };
  },
};
