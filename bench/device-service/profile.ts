/**
 * CPU profile of one operation (default a Registration capture of 10 fingers) against an in-process
 * service, recorded after warm-up (image synthesis) so that only the request path is in it; written
 * as a .cpuprofile (Chrome DevTools, or the summary script):
 *
 *   node --import tsx bench/device-service/profile.ts [--op registration|auth|discovery|info] [--runs N] [--out FILE]
 *   node --import tsx bench/device-service/profile-summary.ts FILE [--top N]
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mdsCall } from '@mosip-trust/device-service';
import { authBody, registrationBody, startBenchService } from './service.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs')) || 200;
const op = arg('--op') ?? 'registration';
const out = arg('--out') ?? join(tmpdir(), `mds-${op}.cpuprofile`);
const bench = await startBenchService();
const session = new Session();
session.connect();
try {
  const port = bench.service.port;
  const operations: Record<string, () => Promise<unknown>> = {
    registration: () => mdsCall(port, 'RCAPTURE', '/capture', registrationBody()),
    auth: () => mdsCall(port, 'CAPTURE', '/capture', authBody()),
    discovery: () => mdsCall(port, 'MOSIPDISC', '/device', { type: 'Biometric Device' }),
    info: () => mdsCall(port, 'MOSIPDINFO', '/info'),
  };
  const capture = operations[op];
  if (!capture) throw new Error(`--op must be one of ${Object.keys(operations).join(', ')}`);
  for (let i = 0; i < 10; i++) await capture();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < runs; i++) await capture();
  const wall = (performance.now() - t) / runs;
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  await writeFile(out, JSON.stringify(profile));
  console.log(
    `${runs} × ${op}: ${wall.toFixed(2)} ms wall, ${((used.user + used.system) / 1000 / runs).toFixed(2)} ms CPU (service and client) each; profile in ${out}`,
  );
} finally {
  session.disconnect();
  await bench.close();
}
