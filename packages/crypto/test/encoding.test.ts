import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CryptoError,
  ERROR_CODES,
  fromBase64Any,
  fromBase64Url,
  fromHex,
  generateRsaKeyPair,
  toBase64,
  toBase64Url,
  toHexUpper,
} from '@mosip-trust/crypto';
import { errorCode } from './helpers.ts';

test('emitted forms: base64url without padding, standard base64 with padding, upper-case hex', {
  timeout: 120_000,
}, () => {
  const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x00]);
  assert.equal(toBase64Url(bytes), '-__-AA');
  assert.equal(toBase64(bytes), '+//+AA==');
  assert.equal(toHexUpper(bytes), 'FBFFFE00');
  assert.equal(toBase64Url(new Uint8Array(bytes)), '-__-AA');
});

test('fromBase64Any is strict outside the two alphabets and their padding', {
  timeout: 120_000,
}, async () => {
  assert.deepEqual(fromBase64Any('-__-AA'), Buffer.from([0xfb, 0xff, 0xfe, 0x00]));
  assert.deepEqual(fromBase64Any('+//+AA=='), Buffer.from([0xfb, 0xff, 0xfe, 0x00]));
  assert.deepEqual(fromBase64Any('-__-AA=='), Buffer.from([0xfb, 0xff, 0xfe, 0x00]));
  assert.deepEqual(fromBase64Any(''), Buffer.alloc(0));
  for (const bad of ['+/_-', 'AAA A', 'AA=A', 'A', 'AAAAA', 'AA=', 'AAA==', 'AA===', 'Zm9v\n', 'é']) {
    assert.equal(await errorCode(() => fromBase64Any(bad)), 'ERR_ENCODING', bad);
  }
  assert.equal(await errorCode(() => fromBase64Url('AA==')), 'ERR_ENCODING');
  assert.equal(await errorCode(() => fromBase64Url('a+b/')), 'ERR_ENCODING');
  assert.equal(await errorCode(() => fromBase64Any(7 as unknown as string)), 'ERR_INVALID_INPUT');
});

test('fromHex takes either case, rejects odd length and non-hex', { timeout: 120_000 }, async () => {
  assert.deepEqual(fromHex('aBcD'), Buffer.from([0xab, 0xcd]));
  assert.equal(await errorCode(() => fromHex('abc')), 'ERR_ENCODING');
  assert.equal(await errorCode(() => fromHex('zz')), 'ERR_ENCODING');
});

test('generateRsaKeyPair validates the size', { timeout: 120_000 }, async () => {
  const { privateKey, publicKey } = await generateRsaKeyPair(2048);
  assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 2048);
  assert.equal(publicKey.type, 'public');
  assert.equal(await errorCode(() => generateRsaKeyPair(512)), 'ERR_INVALID_INPUT');
  assert.equal(await errorCode(() => generateRsaKeyPair(2047)), 'ERR_INVALID_INPUT');
});

test('CryptoError carries a catalogued code, message and details', { timeout: 120_000 }, () => {
  const e = new CryptoError('ERR_HASH_CHAIN', 'broken', { details: { index: 2 } });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'CryptoError');
  assert.equal(e.details.index, 2);
  assert.ok(Object.keys(ERROR_CODES).every((code) => /^ERR_[A-Z0-9_]+$/.test(code)));
});
