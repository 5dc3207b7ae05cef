import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig, startTrustServer } from '../src/index.ts';
import { freshStore } from './support/databases.ts';
import { STORES } from './support/server.ts';

function configFor(dataDir: string, databaseUrl: string | undefined, env: Record<string, string> = {}) {
  return loadConfig({
    env: {
      MOSIP_TRUST_DATA_DIR: dataDir,
      MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
  });
}

async function refusal(
  promise: Promise<{ close(): Promise<void> }>,
): Promise<{ code: string; message: string }> {
  try {
    const server = await promise;
    await server.close();
  } catch (e) {
    return e as { code: string; message: string };
  }
  assert.fail('the server started');
}

for (const kind of STORES) {
  describe(`data directory (${kind})`, { timeout: 300_000 }, () => {
    test('a fresh data directory is created 0700 (under a permissive umask) and the server starts', async () => {
      const store = await freshStore(kind);
      const dataDir = join(store.dataDir, 'new', 'trust');
      if (kind === 'pglite')
        cpSync(join(store.dataDir, 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
      if (kind === 'pglite') chmodSync(dataDir, 0o700);
      const old = process.umask(0);
      try {
        const server = await startTrustServer(configFor(dataDir, store.databaseUrl), {
          logger: false,
          listen: false,
        });
        await server.close();
        assert.equal(statSync(dataDir).mode & 0o777, 0o700);
        assert.equal(statSync(join(dataDir, 'kek.key')).mode & 0o777, 0o600);
      } finally {
        process.umask(old);
        await store.drop();
      }
    });

    test('a data directory others can write (or another user owns) is refused; a readable one is made private', async () => {
      const store = await freshStore(kind);
      try {
        chmodSync(store.dataDir, 0o777);
        const open = await refusal(
          startTrustServer(configFor(store.dataDir, store.databaseUrl), { logger: false, listen: false }),
        );
        assert.equal(open.code, 'TS_DATA_DIR_UNSAFE');
        assert.match(open.message, /writable by group or others/);
        if (process.getuid?.() === 0) {
          chmodSync(store.dataDir, 0o700);
          chownSync(store.dataDir, 65534, 65534);
          const foreign = await refusal(
            startTrustServer(configFor(store.dataDir, store.databaseUrl), { logger: false, listen: false }),
          );
          assert.equal(foreign.code, 'TS_DATA_DIR_UNSAFE');
          chownSync(store.dataDir, 0, 0);
        }
        chmodSync(store.dataDir, 0o755);
        const server = await startTrustServer(configFor(store.dataDir, store.databaseUrl), {
          logger: false,
          listen: false,
        });
        await server.close();
        assert.equal(statSync(store.dataDir).mode & 0o777, 0o700);
      } finally {
        await store.drop();
      }
    });
  });
}

describe('production KEK (PostgreSQL)', { timeout: 300_000 }, () => {
  test('production takes the KEK only when given explicitly, never from a development data directory', async () => {
    const store = await freshStore('postgres');
    const dev = mkdtempSync(join(tmpdir(), 'trust-dev-'));
    try {
      // A development data directory as `npm start` leaves it: a PGlite cluster and a generated kek.key.
      mkdirSync(join(dev, 'pgdata'), { recursive: true });
      writeFileSync(join(dev, 'pgdata', 'PG_VERSION'), '17\n');
      writeFileSync(join(dev, 'kek.key'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
      chmodSync(dev, 0o700);
      const prod = { MOSIP_TRUST_PRODUCTION: 'true', MOSIP_TRUST_TEST_SCRYPT_COST: '' };
      const picked = await refusal(
        startTrustServer(configFor(dev, store.databaseUrl, prod), { logger: false, listen: false }),
      );
      assert.equal(picked.code, 'TS_KEK_MISSING');
      assert.match(picked.message, /MOSIP_TRUST_KEK/);
      const explicitDev = await refusal(
        startTrustServer(
          configFor(dev, store.databaseUrl, { ...prod, MOSIP_TRUST_KEK_FILE: join(dev, 'kek.key') }),
          {
            logger: false,
            listen: false,
          },
        ),
      );
      assert.equal(explicitDev.code, 'TS_KEK_INVALID');
      assert.match(explicitDev.message, /development data directory/);
      const fresh = await refusal(
        startTrustServer(configFor(store.dataDir, store.databaseUrl, prod), { logger: false, listen: false }),
      );
      assert.equal(fresh.code, 'TS_KEK_MISSING');
      assert.equal(existsSync(join(store.dataDir, 'kek.key')), false);
      // The refused starts left the database as it was: the start with a key migrates it, seals its audit
      // chain and records the first admin in it.
      const server = await startTrustServer(
        configFor(store.dataDir, store.databaseUrl, {
          ...prod,
          MOSIP_TRUST_KEK: randomBytes(32).toString('hex'),
          MOSIP_TRUST_ADMIN_USER: 'admin',
          MOSIP_TRUST_ADMIN_PASSWORD: randomBytes(18).toString('base64'),
        }),
        { logger: false, listen: false },
      );
      await server.close();
    } finally {
      rmSync(dev, { recursive: true, force: true });
      await store.drop();
    }
  });
});
