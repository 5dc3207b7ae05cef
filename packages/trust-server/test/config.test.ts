import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig, TrustError } from '../src/index.ts';

describe('configuration', () => {
  test('login throttling defaults and overrides', { timeout: 300_000 }, () => {
    const defaults = loadConfig({ env: {} });
    assert.equal(defaults.loginMaxFailures, 10);
    assert.equal(defaults.loginFailureWindowSeconds, 300);
    const set = loadConfig({
      env: { MOSIP_TRUST_LOGIN_MAX_FAILURES: '3', MOSIP_TRUST_LOGIN_FAILURE_WINDOW: '60' },
    });
    assert.deepEqual([set.loginMaxFailures, set.loginFailureWindowSeconds], [3, 60]);
    assert.throws(
      () => loadConfig({ env: { MOSIP_TRUST_LOGIN_MAX_FAILURES: '0' } }),
      (e: unknown) => e instanceof TrustError && e.code === 'TS_CONFIG_INVALID',
    );
  });

  test('the test-only scrypt cost is taken outside production and refused in production mode', {
    timeout: 300_000,
  }, () => {
    assert.equal(loadConfig({ env: {} }).testScryptCost, undefined);
    assert.equal(loadConfig({ env: { MOSIP_TRUST_TEST_SCRYPT_COST: '1024' } }).testScryptCost, 1024);
    const refused = (env: Record<string, string>, overrides = {}) =>
      assert.throws(
        () => loadConfig({ env, overrides }),
        (e: unknown) => e instanceof TrustError && e.code === 'TS_CONFIG_INVALID',
      );
    refused({ MOSIP_TRUST_TEST_SCRYPT_COST: '1024', MOSIP_TRUST_PRODUCTION: 'true' });
    refused({ MOSIP_TRUST_TEST_SCRYPT_COST: '1024', NODE_ENV: 'production' });
    refused({ MOSIP_TRUST_TEST_SCRYPT_COST: '1024' }, { production: true });
    refused({ MOSIP_TRUST_TEST_SCRYPT_COST: '1000' });
    refused({ MOSIP_TRUST_TEST_SCRYPT_COST: '65536' });
  });
});
