/** The data and digital ID signatures and their trust paths (IDA #6-#8), and the data fields between them. */
import { verifyJws } from '@mosip-trust/crypto';
import { type DigitalId, InputError, readJsonObject } from '../capture-input.ts';
import type { CaptureTrustDomain } from '../dependencies.ts';
import { knownDigitalId, verifyDigitalIdJws } from '../digital-id-cache.ts';
import { cachedPath, validateCached } from '../trust-cache.ts';
import { type Check, chainFailure, fail, isCompactJws, jwsFailure, where } from './support.ts';

export const SIGNATURE_CHECKS: Check[] = [
  {
    // IDA #6: the data JWS with its own x5c[0] (dates, signature).
    name: 'data.signature',
    run: async (s) => {
      s.elements = [];
      for (const [index, raw] of s.response.biometrics.entries()) {
        let verified: Awaited<ReturnType<typeof verifyJws>>;
        try {
          verified = await verifyJws(raw.data, { at: s.now });
        } catch (e) {
          jwsFailure(
            e,
            { signature: 'VER_DATA_SIGNATURE', certificate: 'VER_DATA_CERTIFICATE' },
            `biometrics[${index}].data`,
          );
        }
        s.elements.push({
          index,
          raw,
          payloadText: verified.payload.toString('utf8'),
          data: {},
          dataCertificate: verified.certificate,
          digitalId: {},
          digitalIdCertificate: verified.certificate, // replaced by digitalId.signature
          plain: Buffer.alloc(0),
        });
      }
      return 'every data JWS verifies with its x5c[0] (RS256, certificate dates)';
    },
  },
  {
    // IDA #6: trust path to DEVICE.
    name: 'data.trust',
    run: async (s) => {
      const anchors = s.deps.trustAnchors.material('DEVICE');
      const material = anchors instanceof Promise ? await anchors : anchors;
      const subjects = new Set<string>();
      for (const e of s.elements) {
        try {
          const path =
            cachedPath(e.dataCertificate, material, s.now) ??
            (await validateCached(e.dataCertificate, 'DEVICE', material, s.now));
          subjects.add(path.description);
        } catch (err) {
          chainFailure(err, 'VER_DATA_UNTRUSTED', `${where(e)}.data certificate`, 'DEVICE');
        }
      }
      return `DEVICE path: ${[...subjects].join('; ')}`;
    },
  },
  {
    // IDA #7: sessionKey present; payload JSON with bioValue and timestamp.
    name: 'data.fields',
    run: (s) => {
      for (const e of s.elements) {
        try {
          e.data = readJsonObject(e.payloadText, `${where(e)}.data payload`);
        } catch (err) {
          fail('VER_DATA_FIELDS', (err as Error).message);
        }
        if (typeof e.data.bioValue !== 'string' || e.data.bioValue === '')
          fail('VER_DATA_FIELDS', `${where(e)}.data.bioValue missing`);
        if (typeof e.data.timestamp !== 'string' || e.data.timestamp === '')
          fail('VER_DATA_FIELDS', `${where(e)}.data.timestamp missing`);
        if (s.purpose === 'Auth' && !e.raw.sessionKey)
          fail('VER_DATA_FIELDS', `${where(e)}.sessionKey missing (Auth)`);
      }
      return `bioValue and timestamp present${s.purpose === 'Auth' ? ', sessionKey present' : ''}`;
    },
  },
  {
    // Project check (IDA does not read purpose): CAPTURE data is Auth, RCAPTURE data Registration.
    name: 'purpose',
    run: (s) => {
      for (const e of s.elements) {
        if (e.data.purpose !== s.purpose)
          fail(
            'VER_PURPOSE',
            `${where(e)}.data.purpose is ${JSON.stringify(e.data.purpose)}, not ${s.purpose}`,
          );
      }
      return `every element is ${s.purpose}`;
    },
  },
  {
    // IDA #8: the digital ID JWS (FTM chip key for Auth; device key, same certificate, for Registration).
    name: 'digitalId.signature',
    run: async (s) => {
      for (const e of s.elements) {
        const jws = e.data.digitalId;
        if (typeof jws !== 'string' || jws === '')
          fail('VER_DIGITAL_ID_SIGNATURE', `${where(e)}.data.digitalId missing`);
        if (!isCompactJws(jws))
          fail('VER_DIGITAL_ID_SIGNATURE', `${where(e)}.data.digitalId is not a JWS (unsigned digital ID)`);
        try {
          // A digital ID seen before (the same device, in this capture or an earlier one) is answered
          // by the cache without a promise; its payload is parsed once and shared, frozen.
          const verified = knownDigitalId(jws, s.now) ?? (await verifyDigitalIdJws(jws, s.now));
          verified.parsed ??= Object.freeze(
            readJsonObject(verified.payloadText, `${where(e)}.data.digitalId payload`),
          );
          e.digitalIdCertificate = verified.certificate;
          e.digitalId = verified.parsed as DigitalId;
        } catch (err) {
          if (err instanceof InputError) fail('VER_DIGITAL_ID_SIGNATURE', err.message);
          jwsFailure(
            err,
            { signature: 'VER_DIGITAL_ID_SIGNATURE', certificate: 'VER_DIGITAL_ID_CERTIFICATE' },
            `${where(e)}.data.digitalId`,
          );
        }
      }
      return 'every digital ID JWS verifies with its x5c[0]';
    },
  },
  {
    name: 'digitalId.trust',
    run: async (s) => {
      const used = new Set<CaptureTrustDomain>();
      for (const e of s.elements) {
        // Registration devices sign the digital ID with the device key (regproc checks it in Device);
        // a Registration digital ID with another certificate is an L1 chip signature (FTM).
        const domain: CaptureTrustDomain =
          s.purpose === 'Registration' && e.digitalIdCertificate.der.equals(e.dataCertificate.der)
            ? 'DEVICE'
            : 'FTM';
        used.add(domain);
        try {
          const anchors = s.deps.trustAnchors.material(domain);
          const material = anchors instanceof Promise ? await anchors : anchors;
          if (!cachedPath(e.digitalIdCertificate, material, s.now))
            await validateCached(e.digitalIdCertificate, domain, material, s.now);
        } catch (err) {
          chainFailure(err, 'VER_DIGITAL_ID_UNTRUSTED', `${where(e)}.data.digitalId certificate`, domain);
        }
      }
      return `digital ID certificates chain to ${[...used].join(', ')}`;
    },
  },
];
