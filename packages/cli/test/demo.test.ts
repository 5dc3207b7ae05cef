/**
 * `mosip-trust demo --json` on a fresh data directory: the whole story runs and every step is ok; a data
 * directory that is not fresh is refused before anything starts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const CLI = join(import.meta.dirname, '..', 'bin', 'mosip-trust.js');

function demo(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'demo', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOSIP_TRUST_TEST_SCRYPT_COST: '1024' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const root = mkdtempSync(join(tmpdir(), 'mosip-demo-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('demo --json runs every step of the story on a fresh data directory, each ok', {
  timeout: 900_000,
}, async () => {
  const run = await demo(['--json', '--data', join(root, 'fresh')]);
  const steps = JSON.parse(run.stdout) as { step: string; ok: boolean; detail: string }[];
  for (const s of steps) assert.equal(s.ok, true, `${s.step}: ${s.detail}\n${run.stderr.slice(-2000)}`);
  assert.equal(run.code, 0);
  const text = steps.map((s) => `${s.step}: ${s.detail}`).join('\n');
  // The story the issue names, in order.
  const expected = [
    /onboarded and approved: MOSIP\.TRUST\.FTM \(FTM_Provider\) approved; MOSIP\.TRUST\.SBI \(Device_Provider\) approved/,
    /devices registered through the management server: 3 devices Registered in the trust server/,
    /authentication partner onboarded, approved/,
    /MISP onboarded and approved, licence key issued/,
    /every other partner type onboarded and approved: \d+ more: .*Credential_Partner/,
    /API key requested and approved/,
    /authenticated through the MISP licence key: transaction \w+: authStatus true/,
    /refused by the policy: transaction \w+: IDA-MPA-006/,
    /the MISP's transaction log: .*failure IDA-MPA-006.*success/,
    /the refused transaction's trace: \d+ checks passed, then "authTypes\.bio" failed with IDA-MPA-006/,
  ];
  let from = 0;
  for (const re of expected) {
    const at = steps.findIndex((s, i) => i >= from && re.test(`${s.step}: ${s.detail}`));
    assert.ok(at >= 0, `no step matching ${re} after step ${from}:\n${text}`);
    from = at + 1;
  }
});

test('demo refuses a data directory that is not empty, before starting anything', {
  timeout: 120_000,
}, async () => {
  const used = join(root, 'used');
  mkdirSync(used);
  writeFileSync(join(used, 'platform.json'), '{}');
  const run = await demo(['--data', used]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /is not empty: the demo runs on a fresh data directory/);
  assert.equal(run.stdout, '');
});
