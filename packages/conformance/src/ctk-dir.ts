import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConformanceError } from './errors.ts';

/**
 * Where MOSIP's SBI compliance definitions are: the folder given, else MOSIP_CTK_DIR, else the shared/
 * folder beside the repository root (`<repo>/../shared/ctk`; from a git worktree, beside the main
 * checkout). See docs/conformance.md.
 */
export function findCtkDir(given?: string): string {
  const override = given ?? process.env.MOSIP_CTK_DIR;
  const tried = override ? [resolve(override)] : defaultCandidates();
  const found = tried.find((dir) => existsSync(join(dir, 'compliance-toolkit-testcases')));
  if (!found) {
    throw new ConformanceError(
      'CTK_NOT_FOUND',
      `MOSIP's SBI compliance definitions not found (looked in ${tried.join(', ')}): put them in ` +
        '<repo>/../shared/ctk, set MOSIP_CTK_DIR or give the folder',
    );
  }
  return found;
}

function defaultCandidates(): string[] {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const candidates = [join(repo, '..', 'shared', 'ctk')];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    candidates.push(join(dirname(common), '..', 'shared', 'ctk'));
  } catch {
    // not a git checkout: only the folder beside the repository
  }
  return candidates;
}
