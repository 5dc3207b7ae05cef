// `mosip-trust iso cbeff` end to end: the command wraps record files in CBEFF XML that the biometrics reader reads back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeRecord, parseCbeffXml } from '@mosip-trust/biometrics';

describe('mosip-trust iso cbeff', { timeout: 120_000 }, () => {
  test('wraps record files in CBEFF XML read back by parseCbeffXml; refuses non-records', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbeff-'));
    try {
      const cli = fileURLToPath(new URL('../bin/mosip-trust.js', import.meta.url));
      const f = await makeRecord({
        modality: 'finger',
        position: 'Right Thumb',
        purpose: 'Registration',
        seed: 'cli',
      });
      const fa = await makeRecord({ modality: 'face', purpose: 'Registration', seed: 'cli' });
      writeFileSync(join(dir, 'thumb.iso'), f.record);
      writeFileSync(join(dir, 'face.iso'), fa.record);
      writeFileSync(join(dir, 'junk.iso'), 'not a record');
      const out = join(dir, 'bio.xml');
      const ok = spawnSync(
        process.execPath,
        [cli, 'iso', 'cbeff', '--out', out, '--json', join(dir, 'thumb.iso'), join(dir, 'face.iso')],
        { encoding: 'utf8' },
      );
      assert.equal(ok.status, 0, ok.stderr);
      assert.deepEqual(
        JSON.parse(ok.stdout).birs.map((b: { type: string; subtype: string }) => [b.type, b.subtype]),
        [
          ['Finger', 'Right Thumb'],
          ['Face', ''],
        ],
      );
      const birs = parseCbeffXml(readFileSync(out, 'utf8'));
      assert.deepEqual(
        birs.map((b) => [b.type, b.subtype, b.quality.score]),
        [
          ['Finger', 'Right Thumb', f.quality],
          ['Face', '', fa.quality],
        ],
      );
      assert.deepEqual(birs[0]?.bdb, f.record);
      const bad = spawnSync(process.execPath, [cli, 'iso', 'cbeff', '--out', out, join(dir, 'junk.iso')], {
        encoding: 'utf8',
      });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /junk\.iso: not an ISO 19794/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
