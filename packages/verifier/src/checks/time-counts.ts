/** Timestamp windows, segment spacing, counts, device details, and recording the transaction (IDA #14, #18-#21). */
import {
  type Check,
  DIGITAL_ID_FIELDS,
  type Element,
  fail,
  modality,
  parseTime,
  str,
  where,
} from './support.ts';

const DEFAULT_AUTH_WINDOW = { pastMs: 60_000, futureMs: 30_000 };
const DEFAULT_REGISTRATION_WINDOW = { pastMs: 300_000, futureMs: 300_000 };
const DEFAULT_SEGMENT_MS = 120_000;
const DEFAULT_REPLAY_TTL_MS = 600_000;

export const TIME_AND_COUNT_CHECKS: Check[] = [
  {
    // IDA #14/#18: the last segment's timestamp and digital ID dateTime within the window.
    name: 'timestamp',
    run: (s) => {
      const w =
        s.purpose === 'Auth'
          ? (s.opts.authWindow ?? DEFAULT_AUTH_WINDOW)
          : (s.opts.registrationWindow ?? DEFAULT_REGISTRATION_WINDOW);
      for (const e of s.elements) {
        parseTime(e.data.timestamp, `${where(e)}.data.timestamp`);
        parseTime(e.digitalId.dateTime, `${where(e)} digital ID dateTime`);
      }
      const last = s.elements[s.elements.length - 1] as Element;
      const now = s.now.getTime();
      for (const [name, value] of [
        ['data.timestamp', last.data.timestamp],
        ['digital ID dateTime', last.digitalId.dateTime],
      ] as const) {
        const t = parseTime(value, name);
        if (t < now - w.pastMs || t > now + w.futureMs)
          fail(
            'VER_TIMESTAMP_WINDOW',
            `${where(last)} ${name} is ${Math.round((t - now) / 1000)} s from now, outside −${w.pastMs / 1000} s … +${w.futureMs / 1000} s`,
          );
      }
      return `last segment within −${w.pastMs / 1000} s … +${w.futureMs / 1000} s`;
    },
  },
  {
    // IDA #19.
    name: 'segments',
    run: (s) => {
      const limit = s.opts.segmentMs ?? DEFAULT_SEGMENT_MS;
      for (let i = 1; i < s.elements.length; i++) {
        const a = s.elements[i - 1] as Element;
        const b = s.elements[i] as Element;
        const dt = parseTime(b.data.timestamp, 'timestamp') - parseTime(a.data.timestamp, 'timestamp');
        if (dt < 0 || dt > limit)
          fail('VER_SEGMENT_TIMESTAMP', `${where(b)} timestamp is ${dt / 1000} s after the previous`);
        const dd = parseTime(b.digitalId.dateTime, 'dateTime') - parseTime(a.digitalId.dateTime, 'dateTime');
        if (dd < 0 || dd > limit)
          fail('VER_SEGMENT_DATETIME', `${where(b)} dateTime is ${dd / 1000} s after the previous`);
      }
      return s.elements.length > 1 ? `segments 0 … ${limit / 1000} s apart` : 'one segment';
    },
  },
  {
    // IDA #20, plus the requested count (the verifier sees the request, IDA does not).
    name: 'counts',
    run: (s) => {
      const requested = s.request.bio.reduce((n, b) => n + (b.count ?? 0), 0);
      const n = s.elements.length;
      if (s.purpose === 'Auth' ? n !== requested : n > requested)
        fail('VER_COUNT_MISMATCH', `${n} element(s) for a requested count of ${requested}`);
      const seen = { finger: [] as string[], iris: [] as string[], face: [] as string[] };
      for (const e of s.elements) {
        const m = modality(str(e.data.bioType));
        if (m === 'finger' || m === 'iris' || m === 'face') seen[m].push(str(e.data.bioSubType));
      }
      const duplicate = (list: string[]) =>
        list.find((x, i) => x !== '' && x.toUpperCase() !== 'UNKNOWN' && list.indexOf(x) !== i);
      if (seen.finger.length > 10) fail('VER_FINGER_COUNT', `${seen.finger.length} fingers`);
      const df = duplicate(seen.finger);
      if (df) fail('VER_FINGER_DUPLICATE', `finger ${df} appears twice`);
      if (seen.iris.length > 2) fail('VER_IRIS_COUNT', `${seen.iris.length} irises`);
      const di = duplicate(seen.iris);
      if (di) fail('VER_IRIS_DUPLICATE', `iris ${di} appears twice`);
      if (seen.face.length > 1) fail('VER_FACE_COUNT', `${seen.face.length} faces`);
      return `${seen.finger.length} finger(s), ${seen.iris.length} iris(es), ${seen.face.length} face(s)`;
    },
  },
  {
    // IDA #21: non-empty only.
    name: 'deviceDetails',
    run: (s) => {
      for (const e of s.elements) {
        if (!str(e.data.deviceCode)) fail('VER_DEVICE_DETAILS', `${where(e)}.data.deviceCode is empty`);
        if (!str(e.data.deviceServiceVersion))
          fail('VER_DEVICE_DETAILS', `${where(e)}.data.deviceServiceVersion is empty`);
        for (const f of DIGITAL_ID_FIELDS) {
          if (!str(e.digitalId[f])) fail('VER_DEVICE_DETAILS', `${where(e)} digital ID ${f} is empty`);
        }
      }
      return 'deviceCode, deviceServiceVersion and digital ID fields present';
    },
  },
  {
    // Recorded only when everything else passed; a concurrent acceptance of the same id loses here.
    name: 'replay.record',
    run: (s) => {
      if (!s.deps.replayStore) return { notRun: 'no replay store given' };
      const transactionId = s.request.transactionId;
      const until = new Date(s.now.getTime() + (s.opts.replayTtlMs ?? DEFAULT_REPLAY_TTL_MS));
      const verdict = (claimed: boolean) => {
        if (!claimed) fail('VER_REPLAY', `transactionId ${transactionId} was accepted concurrently`);
        return `transactionId remembered until ${until.toISOString()}`;
      };
      const claimed = s.deps.replayStore.claim(transactionId, until);
      return claimed instanceof Promise ? claimed.then(verdict) : verdict(claimed);
    },
  },
];
