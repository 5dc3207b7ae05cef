// Every public function answers bad input with a CryptoError carrying a catalogued code, never a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as api from '@mosip-trust/crypto';
import fc from 'fast-check';

const { CryptoError, ERROR_CODES } = api;

/** Calls each function with the given arguments; returns nothing or a CryptoError, else fails. */
async function onlyCryptoErrors(name: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.ok(
      e instanceof CryptoError,
      `${name} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`,
    );
    assert.ok(e.code in ERROR_CODES, `${name}: uncatalogued code ${e.code}`);
  }
}

const anything = fc.anything({
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withNullPrototype: true,
});

test('createDevelopmentPki rejects bad options', { timeout: 120_000 }, async () => {
  for (const bad of [
    'x',
    5,
    [],
    { organization: 5 },
    { organization: 'A,B' },
    { validityDays: -1 },
    { validityDays: 'x' },
  ]) {
    await assert.rejects(
      () => api.createDevelopmentPki(bad as never),
      { code: 'ERR_INVALID_INPUT' },
      JSON.stringify(bad),
    );
  }
});

test('public functions reject arbitrary values with a CryptoError', { timeout: 120_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(anything, anything, async (a, b) => {
      const x = a as never;
      const y = b as never;
      const calls: [string, () => unknown][] = [
        ['toBase64Url', () => api.toBase64Url(x)],
        ['toBase64', () => api.toBase64(x)],
        ['fromBase64Any', () => api.fromBase64Any(x)],
        ['fromBase64Url', () => api.fromBase64Url(x)],
        ['toHexUpper', () => api.toHexUpper(x)],
        ['fromHex', () => api.fromHex(x)],
        ['deviceTimestamp', () => api.deviceTimestamp(x)],
        ['millisTimestamp', () => api.millisTimestamp(x)],
        ['parseTimestamp', () => api.parseTimestamp(x)],
        ['decryptPrivateKeyPem', () => api.decryptPrivateKeyPem(x, y)],
        ['encryptPrivateKeyPem', () => api.encryptPrivateKeyPem(x, y)],
        ['sealCertifiedKey', () => api.sealCertifiedKey(x, y)],
        ['openCertifiedKey', () => api.openCertifiedKey(x, y)],
        ['importPrivateKeyPem', () => api.importPrivateKeyPem(x)],
        ['privateKeyToPem', () => api.privateKeyToPem(x)],
        ['parseCertificate', () => api.parseCertificate(x)],
        ['pemToDerList', () => api.pemToDerList(x)],
        ['derToPem', () => api.derToPem(x)],
        ['toP7b', () => api.toP7b(x)],
        ['fromP7b', () => api.fromP7b(x)],
        ['thumbprintHex', () => api.thumbprintHex(x)],
        ['thumbprintBase64Url', () => api.thumbprintBase64Url(x)],
        ['thumbprintBytes', () => api.thumbprintBytes(x)],
        ['createRootCa', () => api.createRootCa(x)],
        ['issueCertificate', () => api.issueCertificate(x, y)],
        ['validateChain', () => api.validateChain(x, y)],
        ['signJws', () => api.signJws(x, y)],
        ['signDetachedJws', () => api.signDetachedJws(x, y)],
        ['verifyJws', () => api.verifyJws(x, y)],
        ['deriveAadIv', () => api.deriveAadIv(x, y)],
        ['sealBiometric', () => api.sealBiometric(x)],
        ['openBiometric', () => api.openBiometric(x)],
        ['openBiometricAsync', () => api.openBiometricAsync(x)],
        ['unwrapSessionKeyOnPool', () => api.unwrapSessionKeyOnPool(x, y)],
        ['chainHash', () => api.chainHash(x, y)],
        ['verifyHashChain', () => api.verifyHashChain(x, y)],
        ['generateRsaKeyPair', () => (typeof a === 'number' ? undefined : api.generateRsaKeyPair(x))],
      ];
      for (const [name, call] of calls) await onlyCryptoErrors(name, call);
    }),
    { numRuns: 200 },
  );
});
