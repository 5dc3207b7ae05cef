/**
 * The benchmark's device service in its own process, so its CPU time is the service's alone. Speaks to
 * the parent over IPC: sends `{ port }` when listening, answers `'cpu'` with process.cpuUsage() (µs),
 * closes on `'close'`.
 */
import { capYoungGeneration } from '@mosip-trust/device-service/young-generation';

// As `mosip-trust device-service` runs (packages/cli/bin/mosip-trust.js), before the service is loaded.
capYoungGeneration();
const { startBenchService } = await import('./service.ts');

const bench = await startBenchService();
const send = (message: unknown) => process.send?.(message);
process.on('message', async (message) => {
  if (message === 'cpu') send({ cpu: process.cpuUsage() });
  if (message === 'close') {
    await bench.close();
    process.disconnect();
  }
});
send({ port: bench.service.port });
