// The authentication request's base64url fields: what MOSIP's decoders accept (base64url, up to two
// padding characters) decodes to its bytes; anything else is refused (undefined).

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { strictBase64Url } from '../src/modules/auth-api/request-crypto.ts';

test('base64url with or without padding decodes; other alphabets, stray characters and bad lengths do not', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = randomBytes(n);
    const url = bytes.toString('base64url');
    assert.deepEqual(strictBase64Url(url), bytes, `unpadded, ${n} bytes`);
    const padded = bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    assert.deepEqual(strictBase64Url(padded), bytes, `padded, ${n} bytes`);
  }
  const text = Buffer.from([0xfb, 0xff, 0xbf, 0x01, 0x02, 0x03]).toString('base64url'); // "-_-_AQID"
  assert.ok(text.includes('-') && text.includes('_'));
  for (const bad of [
    `${text}===`, // three padding characters
    text.replace('-', '+'), // standard alphabet
    text.replace('_', '/'),
    `${text.slice(0, 4)} ${text.slice(4)}`, // whitespace
    `${text.slice(0, 4)}=${text.slice(5)}`, // padding inside
    `${text}A`, // impossible length (4k + 1)
    `${text.slice(0, 4)}é${text.slice(5)}`, // outside ASCII
  ])
    assert.equal(strictBase64Url(bad), undefined, JSON.stringify(bad));
});
