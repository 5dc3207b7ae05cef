import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TrustConfig } from '../config.ts';
import { TrustError } from '../errors.ts';

/** A directory holding a PGlite cluster is a development data directory (docs/trust-server.md, "KEK"). */
function developmentDataDir(file: string): string | undefined {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Production takes the KEK only from MOSIP_TRUST_KEK or an explicitly set MOSIP_TRUST_KEK_FILE: never the
 * default `<dataDir>/kek.key` (a development key left in ./data/trust-server would otherwise be picked up),
 * never a generated one, and never a file inside a development data directory.
 */
export function assertProductionKekSource(config: TrustConfig): void {
  if (!config.production || config.kek) return;
  if (!config.kekFile)
    throw new TrustError(
      'TS_KEK_MISSING',
      'production mode takes the KEK only from MOSIP_TRUST_KEK or MOSIP_TRUST_KEK_FILE; set one',
    );
  const dev = developmentDataDir(config.kekFile);
  if (dev)
    throw new TrustError(
      'TS_KEK_INVALID',
      `production mode refuses the key file ${config.kekFile}: it lies in the development data directory ${dev}`,
    );
  if (!existsSync(config.kekFile))
    throw new TrustError(
      'TS_KEK_MISSING',
      `key file ${config.kekFile} does not exist (production creates none)`,
    );
}
