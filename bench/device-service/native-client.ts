/**
 * The C load client (native-client.c): built once per source with the machine's C compiler, into a cache
 * directory named by the source's hash; `undefined` when no compiler is found (the bench then says so and
 * measures with the Node.js clients only).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface NativeRun {
  /** ms from connect to the end of the response, one per request. */
  times: number[];
  /** CPU time of all client processes over the run, ms. */
  cpuMs: number;
}

export interface NativeClient {
  run(port: number, request: Buffer, clients: number, requestsPerClient: number): Promise<NativeRun>;
}

const run = promisify(execFile);

export function nativeClient(): NativeClient | undefined {
  const source = new URL('./native-client.c', import.meta.url);
  const text = readFileSync(source);
  const dir = join(tmpdir(), 'mosip-trust-bench');
  const binary = join(dir, `native-client-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`);
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', binary, source.pathname], { stdio: 'pipe' });
    } catch (e) {
      // No compiler: the bench goes on without the C clients. A compiler that refuses the source is a bug here.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
  const requestFile = join(dir, `request-${process.pid}`);
  return {
    async run(port, request, clients, requestsPerClient) {
      writeFileSync(requestFile, request);
      const { stdout } = await run(
        binary,
        [String(port), requestFile, String(clients), String(requestsPerClient)],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const lines = stdout.trim().split('\n');
      const cpu = /^cpu ([\d.]+)$/.exec(lines.pop() ?? '');
      if (!cpu || lines.length !== clients * requestsPerClient)
        throw new Error(`native client: unexpected output (${lines.length} times)`);
      return { times: lines.map(Number), cpuMs: Number(cpu[1]) };
    },
  };
}
