/** GET /metrics on the device service, over real sockets: requests, captures, labels from fixed sets. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MDS_ERRORS, mdsJson } from '../src/index.ts';
import { type Running, rcaptureBody, startService } from './helpers.ts';

function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!m) assert.fail(`not a sample line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

describe('device service /metrics', { timeout: 120_000 }, () => {
  let svc: Running;
  before(
    async () => {
      svc = await startService([
        { kind: 'finger-slap', purpose: 'Registration' },
        { kind: 'face', purpose: 'Registration' },
      ]);
    },
    { timeout: 120_000 },
  );
  after(async () => svc?.stop(), { timeout: 60_000 });

  test('counts requests and captures by device and outcome, labels from fixed sets', async () => {
    const port = svc.service.port;
    const tx = 'personal-tx-4711';
    await mdsJson(port, 'MOSIPDISC', '/device', { type: 'Biometric Device' });
    const ok = await mdsJson<{ biometrics: { error: { errorCode: string } }[] }>(
      port,
      'RCAPTURE',
      '/capture',
      rcaptureBody(tx, {}, { deviceId: '1', deviceSubId: '1' }),
    );
    assert.equal(ok.biometrics[0]?.error.errorCode, '0');
    // A device id that is not the service's: the capture fails and the id is not a label.
    const bad = await mdsJson<{ biometrics: { error: { errorCode: string } }[] }>(
      port,
      'RCAPTURE',
      '/capture',
      rcaptureBody(tx, {}, { deviceId: 'alice-4711', deviceSubId: '1' }),
    );
    const badCode = bad.biometrics[0]?.error.errorCode ?? '';
    assert.notEqual(badCode, '0');

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.equal(text.includes(tx), false, 'a transaction id reached a label');
    assert.equal(text.includes('alice-4711'), false, 'a sent device id reached a label');
    const s = samples(text);
    assert.equal(s.get('mosip_mds_requests_total{method="MOSIPDISC",status="200"}'), 1);
    assert.equal(s.get('mosip_mds_requests_total{method="RCAPTURE",status="200"}'), 2);
    assert.equal(
      s.get(
        'mosip_mds_captures_total{deviceId="1",kind="finger-slap",operation="RCAPTURE",outcome="ok",errorCode=""}',
      ),
      1,
    );
    assert.equal(
      s.get(
        `mosip_mds_captures_total{deviceId="other",kind="unknown",operation="RCAPTURE",outcome="error",errorCode="${badCode}"}`,
      ),
      1,
    );
    assert.equal(s.get('mosip_mds_stream_sessions_active'), 0);

    const allowed: Record<string, (v: string) => boolean> = {
      method: (v) =>
        [
          'MOSIPDISC',
          'MOSIPDINFO',
          'CAPTURE',
          'RCAPTURE',
          'STREAM',
          'GET',
          'POST',
          'OPTIONS',
          'other',
        ].includes(v),
      status: (v) => /^[1-5]\d\d$/.test(v),
      le: (v) => v === '+Inf' || Number.isFinite(Number(v)),
      deviceId: (v) => ['1', '2', 'unknown', 'other'].includes(v),
      kind: (v) => ['finger-slap', 'face', 'unknown', 'other'].includes(v),
      operation: (v) => v === 'CAPTURE' || v === 'RCAPTURE',
      outcome: (v) => v === 'ok' || v === 'error',
      errorCode: (v) => v === '' || v in MDS_ERRORS,
    };
    let checked = 0;
    for (const key of s.keys()) {
      for (const [, name, value] of key.matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) {
        assert.ok(
          allowed[name as string]?.(value as string),
          `${key}: ${name}="${value}" is not from its fixed set`,
        );
        checked += 1;
      }
    }
    assert.ok(checked > 10);
  });
});
