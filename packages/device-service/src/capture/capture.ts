/**
 * CAPTURE and RCAPTURE: validation against the devices (docs/device-service.md, "Capture validation order"), one capture per device
 * at a time, the capture loop per bio entry, then signed (and for Auth encrypted) elements chained by
 * hash across every entry in request order.
 */
import { chainHash, deviceTimestamp, sealBiometric, signJwsPieces } from '@mosip-trust/crypto';
import { type FrameVariant, frameVariant, simulatedFrames, variantsOf } from '../control/control.ts';
import type { Activity, Device } from '../device.ts';
import { protocolError } from '../errors.ts';
import { base64UrlPieces, type CachedBase64Text } from '../wire/base64-pieces.ts';
import { asciiJson, formatScore, splitAtEmptyValue } from '../wire/json.ts';
import type { BioRequest, CaptureOperation, CaptureRequest } from '../wire/request.ts';
import { type CaptureElement, captureData, successElement } from '../wire/responses.ts';
import { runCaptureLoop, sleep } from './capture-loop.ts';
import type { PreparedSample, RecordSource, SampleKey } from './record-source.ts';
import { captureRecord, joinRecord, recordBase64Url, recordParts } from './record-tails.ts';
import { type PlannedElement, planAuthCapture, planRegistrationCapture } from './selection.ts';

export interface CaptureContext {
  devices: ReadonlyMap<string, Device>;
  records: RecordSource;
  /** DER of the certificate Auth captures are encrypted to; undefined → 108 for Auth. */
  encryptionCertificateDer: Uint8Array | undefined;
  frameIntervalMs: number;
}

interface PlannedEntry {
  bio: BioRequest;
  device: Device;
  elements: PlannedElement[];
}

const CODES = {
  CAPTURE: { unknownDevice: '805', wrongPurpose: '806', busy: '111', timeout: '801' },
  RCAPTURE: { unknownDevice: '705', wrongPurpose: '706', busy: '703', timeout: '701' },
} as const;

/** Checks every bio entry against its device and plans its elements; throws ERR_PROTOCOL. */
export function planCapture(ctx: CaptureContext, req: CaptureRequest, op: CaptureOperation): PlannedEntry[] {
  const codes = CODES[op];
  const expected = op === 'CAPTURE' ? 'Auth' : 'Registration';
  const planned: PlannedEntry[] = [];
  for (const bio of req.bio) {
    const device = ctx.devices.get(bio.deviceId);
    if (!device) throw protocolError(codes.unknownDevice);
    if (bio.type !== device.type) throw protocolError('120');
    if (device.purpose !== expected) throw protocolError(codes.wrongPurpose);
    const status = device.status();
    if (status === 'Not Registered') throw protocolError('100');
    if (status === 'Not Ready') throw protocolError('110');
    if (!device.subIds.includes(bio.deviceSubId)) throw protocolError('708');
    const elements =
      op === 'CAPTURE' ? planAuthCapture(device.type, bio) : planRegistrationCapture(device.type, bio);
    planned.push({ bio, device, elements });
  }
  if (op === 'CAPTURE' && !ctx.encryptionCertificateDer) throw protocolError('108');
  return planned;
}

/**
 * Claims every device of the request. A device streaming on the same subId is taken over by RCAPTURE
 * (the registration client's flow); any other running activity → Busy (111 / 703), streaming on
 * another subId → 702.
 */
function claim(
  planned: PlannedEntry[],
  op: CaptureOperation,
): { device: Device; activity: Activity; takeover?: Activity }[] {
  const claims: { device: Device; activity: Activity; takeover?: Activity }[] = [];
  const release = () => {
    for (const c of claims) {
      c.device.end(c.activity);
      if (c.takeover) c.takeover.abort.abort();
    }
  };
  for (const entry of planned) {
    if (claims.some((c) => c.device === entry.device)) continue;
    const device = entry.device;
    if (device.status() === 'Busy' && !device.activity) {
      release();
      throw protocolError(CODES[op].busy);
    }
    let takeover: Activity | undefined;
    const running = device.activity;
    if (running) {
      if (op === 'RCAPTURE' && running.kind === 'stream') {
        if (running.subId !== entry.bio.deviceSubId) {
          release();
          throw protocolError('702');
        }
        takeover = running;
        running.pausedByCapture = true;
        device.end(running);
      } else {
        release();
        throw protocolError(CODES[op].busy);
      }
    }
    const activity = device.begin('capture', entry.bio.deviceSubId);
    if (!activity) {
      release();
      throw protocolError(CODES[op].busy);
    }
    claims.push(takeover ? { device, activity, takeover } : { device, activity });
  }
  return claims;
}

interface CapturedEntry {
  entry: PlannedEntry;
  scores: number[];
  samples: PreparedSample[];
}

function sampleKey(device: Device, element: PlannedElement, variant: FrameVariant): SampleKey {
  return {
    person: device.control.person,
    position: element.position,
    label: element.label,
    purpose: device.purpose,
    variant,
  };
}

async function captureEntry(
  ctx: CaptureContext,
  entry: PlannedEntry,
  req: CaptureRequest,
  signal: AbortSignal,
  op: CaptureOperation,
): Promise<CapturedEntry> {
  const { device } = entry;
  if (device.control.fault) throw protocolError(device.control.fault);
  const mode = device.control.quality;
  const prepared = new Map<FrameVariant, PreparedSample[]>();
  for (const v of variantsOf(mode))
    prepared.set(
      v,
      await Promise.all(entry.elements.map((e) => ctx.records.prepare(sampleKey(device, e, v)))),
    );
  const qualities = Object.fromEntries(
    [...prepared].map(([v, samples]) => [v, samples.map((s) => s.quality)]),
  );
  const outcome = await runCaptureLoop({
    source: simulatedFrames(qualities, mode),
    requestedScore: entry.bio.requestedScore,
    timeoutMs: req.timeoutMs,
    frameIntervalMs: ctx.frameIntervalMs,
    signal,
  });
  if (outcome.kind === 'no-object') throw protocolError('101');
  if (outcome.kind === 'aborted') throw protocolError(CODES[op].timeout, 'capture aborted');
  const samples = prepared.get(frameVariant(mode, outcome.frame) as FrameVariant) as PreparedSample[];
  return { entry, scores: outcome.scores, samples };
}

/** Runs a planned capture and builds the response elements. */
export async function executeCapture(
  ctx: CaptureContext,
  req: CaptureRequest,
  planned: PlannedEntry[],
  op: CaptureOperation,
  clientSignal: AbortSignal,
): Promise<CaptureElement[]> {
  const claims = claim(planned, op);
  const abort = new AbortController();
  // An injected delay (admin API) runs while the devices are claimed, so they answer Busy meanwhile.
  const delayMs = Math.max(0, ...planned.map((p) => p.device.control.delays[op] ?? 0));
  const onClientGone = () => abort.abort();
  clientSignal.addEventListener('abort', onClientGone, { once: true });
  try {
    if (delayMs > 0) await sleep(delayMs, abort.signal);
    // Entries of different devices capture in parallel; entries of one device one after another.
    const byDevice = new Map<Device, PlannedEntry[]>();
    for (const e of planned) byDevice.set(e.device, [...(byDevice.get(e.device) ?? []), e]);
    const results = new Map<PlannedEntry, CapturedEntry>();
    await Promise.all(
      [...byDevice.values()].map(async (entries) => {
        for (const e of entries) results.set(e, await captureEntry(ctx, e, req, abort.signal, op));
      }),
    );
    return await buildElements(
      ctx,
      req,
      planned.map((e) => results.get(e) as CapturedEntry),
      op,
    );
  } finally {
    clientSignal.removeEventListener('abort', onClientGone);
    for (const c of claims) {
      c.device.end(c.activity);
      c.takeover?.abort.abort();
    }
  }
}

async function buildElements(
  ctx: CaptureContext,
  req: CaptureRequest,
  captured: CapturedEntry[],
  op: CaptureOperation,
): Promise<CaptureElement[]> {
  const auth = op === 'CAPTURE';
  const digitalIds = new Map<Device, Promise<string>>();
  const pending: Promise<CaptureElement>[] = [];
  let previous = captured[0]?.entry.bio.previousHash ?? null;
  for (const { entry, scores, samples } of captured) {
    const { device } = entry;
    let digitalId = digitalIds.get(device);
    if (!digitalId) {
      digitalId = device.identity.signedDigitalId();
      digitalIds.set(device, digitalId);
    }
    const registration = device.identity.registration;
    if (!registration) throw protocolError('100');
    const signer = device.identity.deviceSigner();
    for (const [i, element] of entry.elements.entries()) {
      const score = scores[i] ?? 0;
      const now = new Date();
      const sample = samples[i] as PreparedSample;
      const record = await captureRecord(sample, now);
      const timestamp = deviceTimestamp(now);
      let bioValue: (string | CachedBase64Text)[];
      let sealed: { sessionKey: string; thumbprint: string } | undefined;
      if (auth) {
        const s = sealBiometric({
          record: joinRecord(record),
          timestamp,
          transactionId: req.transactionId,
          encryptionCertificateDer: ctx.encryptionCertificateDer as Uint8Array,
        });
        bioValue = [s.bioValue];
        sealed = { sessionKey: s.sessionKey, thumbprint: s.thumbprint };
      } else {
        bioValue = await recordBase64Url(sample, record);
      }
      // The chain runs over the plain records in order; signatures are independent.
      const hash = chainHash(previous, recordParts(record));
      previous = hash;
      const deviceDigitalId = digitalId;
      pending.push(
        (async () => {
          const data = captureData({
            digitalId: await deviceDigitalId,
            deviceCode: registration.deviceCode,
            bioType: device.type,
            bioSubType: element.label,
            purpose: device.purpose,
            env: req.env,
            domainUri: req.domainUri,
            bioValue: '',
            transactionId: req.transactionId,
            timestamp,
            requestedScore: formatScore(entry.bio.requestedScore),
            qualityScore: formatScore(score),
          });
          // The payload JSON with the (large, cached) bioValue put in unserialised: base64url needs no escaping.
          const [before, after] = splitAtEmptyValue(asciiJson(data), 'bioValue');
          const payload = base64UrlPieces([before, ...bioValue, after]);
          return successElement(req.specVersion, signJwsPieces(payload, signer), hash, sealed);
        })(),
      );
    }
  }
  return Promise.all(pending);
}
