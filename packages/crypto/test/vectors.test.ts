import assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  chainHash,
  deriveAadIv,
  fromBase64Any,
  openBiometric,
  parseTimestamp,
  toBase64Url,
  verifyHashChain,
} from '@mosip-trust/crypto';
import { gcmOpen, gcmSealBase64Url } from '../src/envelope.ts';
import { readVectors } from './helpers.ts';

interface XorVector {
  id: string;
  timestamp: string;
  transactionId: string;
  xorHex: string;
  aadHex: string;
  ivHex: string;
  aadBase64: string;
  ivBase64: string;
}
interface GcmVector {
  id: string;
  keyHex: string;
  xorVector: string;
  plaintext: string;
  ciphertextAndTagHex: string;
  bioValue: string;
}
interface ChainVectors {
  sha256: { id: string; input: string; outputHex: string }[];
  chains: {
    rule: '1.2' | '1.1.5';
    previousHashForms: (string | null)[];
    elements: { id: string; bio: string; hash: string }[];
  }[];
}
interface TimestampVectors {
  accepted: { text: string; iso: string; form: string }[];
  rejected: string[];
}

const xor = readVectors<{ vectors: XorVector[] }>('xor-aad-iv.json').vectors;
const gcm = readVectors<{ vectors: GcmVector[] }>('aes-gcm.json').vectors;
const chains = readVectors<ChainVectors>('hash-chain.json');
const timestamps = readVectors<TimestampVectors>('timestamps.json');

describe('XOR, AAD, IV', { timeout: 120_000 }, () => {
  for (const v of xor) {
    test(`${v.id}: hex and the base64 forms IDA passes to keymanager`, { timeout: 120_000 }, () => {
      const { xor: x, aad, iv } = deriveAadIv(v.timestamp, v.transactionId);
      assert.equal(x.toString('hex'), v.xorHex);
      assert.equal(aad.toString('hex'), v.aadHex);
      assert.equal(iv.toString('hex'), v.ivHex);
      assert.equal(aad.toString('base64'), v.aadBase64);
      assert.equal(iv.toString('base64'), v.ivBase64);
      assert.deepEqual(fromBase64Any(v.aadBase64), aad);
      assert.deepEqual(fromBase64Any(v.ivBase64), iv);
    });
  }
});

describe('AES-256-GCM', { timeout: 120_000 }, () => {
  for (const v of gcm) {
    const { aad, iv } = deriveAadIv(
      xor.find((x) => x.id === v.xorVector)?.timestamp ?? '',
      xor.find((x) => x.id === v.xorVector)?.transactionId ?? '',
    );
    const key = Buffer.from(v.keyHex, 'hex');
    test(`${v.id}: ct‖tag and bioValue`, { timeout: 120_000 }, () => {
      const bioValue = gcmSealBase64Url(key, iv, aad, Buffer.from(v.plaintext));
      assert.equal(fromBase64Any(bioValue).toString('hex'), v.ciphertextAndTagHex);
      assert.equal(bioValue, v.bioValue);
      assert.equal(gcmOpen(key, iv, aad, Buffer.from(v.ciphertextAndTagHex, 'hex')).toString(), v.plaintext);
    });
    test(`${v.id}: openBiometric opens the vector bioValue with an OAEP-wrapped key`, {
      timeout: 120_000,
    }, () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const wrapped = publicEncrypt(
        { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        key,
      );
      const source = xor.find((x) => x.id === v.xorVector) as XorVector;
      const plain = openBiometric({
        bioValue: v.bioValue,
        sessionKey: toBase64Url(wrapped),
        timestamp: source.timestamp,
        transactionId: source.transactionId,
        privateKey,
      });
      assert.equal(plain.toString(), v.plaintext);
    });
  }
});

describe('SHA-256 and the hash chain', { timeout: 120_000 }, () => {
  for (const v of chains.sha256) {
    test(`${v.id}: SHA-256`, { timeout: 120_000 }, () => {
      assert.equal(createHash('sha256').update(v.input).digest('hex'), v.outputHex);
    });
  }
  for (const chain of chains.chains) {
    const ids = chain.elements.map((e) => e.id).join(', ');
    const elements = chain.elements.map((e) => ({ hash: e.hash, bio: Buffer.from(e.bio) }));
    for (const previousHash of chain.previousHashForms) {
      const seed = JSON.stringify(previousHash);
      if (chain.rule === '1.2') {
        test(`${ids}: chainHash from previousHash ${seed}`, { timeout: 120_000 }, () => {
          let previous: string | null = previousHash;
          for (const e of chain.elements) {
            const hash = chainHash(previous, Buffer.from(e.bio));
            assert.equal(hash, e.hash, e.id);
            previous = hash;
          }
        });
      }
      test(`${ids}: verifyHashChain reports rule ${chain.rule} from previousHash ${seed}`, {
        timeout: 120_000,
      }, () => {
        const result = verifyHashChain(elements, { previousHash, allowLegacy115: chain.rule === '1.1.5' });
        assert.deepEqual(result, { rule: chain.rule });
      });
    }
  }
  test('H5 is not accepted without allowLegacy115, and H1 differs from H5', { timeout: 120_000 }, () => {
    const h5 = chains.chains.find((c) => c.rule === '1.1.5')?.elements[0];
    assert.ok(h5);
    assert.throws(
      () => verifyHashChain([{ hash: h5.hash, bio: Buffer.from(h5.bio) }]),
      (e: Error & { code?: string; details?: { index?: number } }) =>
        e.code === 'ERR_HASH_CHAIN' && e.details?.index === 0,
    );
    assert.notEqual(chainHash('', Buffer.from(h5.bio)), h5.hash);
  });
  test('a broken second link names index 1', { timeout: 120_000 }, () => {
    const [h1, h2] = chains.chains[0]?.elements ?? [];
    assert.ok(h1 && h2);
    assert.throws(
      () =>
        verifyHashChain([
          { hash: h1.hash, bio: Buffer.from(h1.bio) },
          { hash: h2.hash, bio: Buffer.from('ISO-RECORD-X') },
        ]),
      (e: Error & { code?: string; details?: { index?: number } }) =>
        e.code === 'ERR_HASH_CHAIN' && e.details?.index === 1,
    );
  });
});

describe('timestamps', { timeout: 120_000 }, () => {
  for (const v of timestamps.accepted) {
    test(`parses ${v.form}: ${v.text}`, { timeout: 120_000 }, () => {
      assert.equal(parseTimestamp(v.text).toISOString(), v.iso);
    });
  }
  for (const text of timestamps.rejected) {
    test(`rejects ${JSON.stringify(text)}`, { timeout: 120_000 }, () => {
      assert.throws(() => parseTimestamp(text), { code: 'ERR_TIMESTAMP' });
    });
  }
});
