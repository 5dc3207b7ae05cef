import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freshStore, STORES } from './support/stores.ts';

const CLI = fileURLToPath(new URL('../bin/mosip-trust.js', import.meta.url));

for (const kind of STORES) {
  describe(`mosip-trust admin (${kind})`, () => {
    test('admin create (generated and file password), partners approve, audit verify against the store', {
      timeout: 600_000,
    }, async () => {
      const store = await freshStore(kind);
      const env = { ...process.env, ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}) };
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [CLI, ...args, '--data', store.dataDir], {
          env,
          encoding: 'utf8',
          // spawnSync blocks the event loop, so the test's own timeout cannot fire during it.
          timeout: 240_000,
        });
      try {
        const created = run('admin', 'create', '--user', 'first.admin', '--json');
        assert.equal(created.status, 0, created.stderr);
        const out = JSON.parse(created.stdout) as {
          username: string;
          roles: string[];
          oneTimePassword: string;
        };
        assert.equal(out.username, 'first.admin');
        assert.deepEqual(out.roles, ['PARTNER_ADMIN']);
        assert.match(out.oneTimePassword, /^[A-Za-z0-9_-]{24}$/);

        const file = join(store.dataDir, 'pw.txt');
        writeFileSync(file, 'policy-manager-password\n', { mode: 0o600 });
        const withFile = run(
          'admin',
          'create',
          '--user',
          'policy.mgr',
          '--role',
          'POLICYMANAGER',
          '--password-file',
          file,
          '--json',
        );
        assert.equal(withFile.status, 0, withFile.stderr);
        assert.equal(
          (JSON.parse(withFile.stdout) as { oneTimePassword?: string }).oneTimePassword,
          undefined,
        );

        const approve = run('admin', 'partners', 'approve', 'NOPE');
        assert.equal(approve.status, 1);
        assert.match(approve.stderr, /PMS_PMP_005/);

        const verify = run('admin', 'audit', 'verify', '--json');
        assert.equal(verify.status, 0, verify.stderr);
        assert.deepEqual(JSON.parse(verify.stdout), { ...JSON.parse(verify.stdout), ok: true, entries: 2 });
      } finally {
        await store.drop();
      }
    });
  });
}
