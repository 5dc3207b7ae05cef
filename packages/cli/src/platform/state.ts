import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `mosip-trust up` onboarded in its trust server on the first start, kept in `<data>/platform.json`
 * (mode 0600, beside the stores it describes) so that later starts reuse it instead of onboarding again.
 * The machine client's secret is here because the management server signs in with it at every start,
 * as `mosip-trust management-server --client-secret-file` would read it from a file.
 */
export interface PlatformState {
  ftmProviderId: string;
  deviceProviderId: string;
  clientId: string;
  clientSecret: string;
  /** The management server's provider CA is a DEVICE trust anchor of the trust server. */
  providerCaTrusted: boolean;
}

const FILE = 'platform.json';

export function readPlatformState(dataRoot: string): PlatformState | undefined {
  const path = join(dataRoot, FILE);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as PlatformState;
}

/** Written beside and renamed into place: a crash never leaves half a file. */
export function writePlatformState(dataRoot: string, state: PlatformState): void {
  const path = join(dataRoot, FILE);
  writeFileSync(`${path}.new`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.new`, path);
}
