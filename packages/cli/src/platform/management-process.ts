/**
 * The management server of `mosip-trust up` and `demo` in a process of its own, forked by
 * management-child.ts: its module loading and its PGlite run on another core than the trust server's
 * start (docs/performance.md, round 6). It talks to the trust server over HTTP only, as before; the parent
 * drives it over the IPC channel (the messages are in management-child.ts) and it ends when that channel
 * closes, so it never outlives `up`.
 */
import type { ManagementServer } from '@mosip-trust/management-server';
import { pgliteArtifacts } from '@mosip-trust/store/pglite-artifacts';
import type { FromManagementProcess, ToManagementProcess } from './management-child.ts';

// PGlite's WebAssembly compiles on V8's threads while the management server's modules load.
pgliteArtifacts().catch(() => undefined);

const send = (message: FromManagementProcess) => process.send?.(message);
const failure = (e: unknown) => {
  const { message, code, port } = e as { message?: string; code?: string; port?: number };
  return { message: message ?? String(e), ...(code ? { code } : {}), ...(port ? { port } : {}) };
};

let giveUrl: (url: string) => void = () => undefined;
let refuseUrl: (e: Error) => void = () => undefined;
const trustServer = new Promise<string>((resolve, reject) => {
  giveUrl = resolve;
  refuseUrl = reject;
});
trustServer.catch(() => undefined);
let server: Promise<ManagementServer> | undefined;
let closing = false;

async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  refuseUrl(new Error('the platform is stopping'));
  await server?.then((s) => s.close()).catch(() => undefined);
  process.exit(0);
}

// The listener is there before the modules load: a message is not kept for a listener added later.
process.on('message', (message: ToManagementProcess) => {
  switch (message.type) {
    case 'start':
      server = import('@mosip-trust/management-server').then(({ startManagementServer }) =>
        startManagementServer({ ...message.options, trustServer }),
      );
      server.then(
        (s) => send({ type: 'listening', url: s.url, providerCaPath: s.providerCaPath }),
        (e: unknown) => send({ type: 'failed', stage: 'start', error: failure(e) }),
      );
      break;
    case 'trust-server':
      giveUrl(message.url);
      break;
    case 'sign-in':
      (server ?? Promise.reject(new Error('not started')))
        .then((s) => s.signIn())
        .then(
          () => send({ type: 'signed-in' }),
          (e: unknown) => send({ type: 'failed', stage: 'sign-in', error: failure(e) }),
        );
      break;
    case 'close':
      void close();
      break;
  }
});
send({ type: 'here' });
// The parent is gone (ended, killed): stop too.
process.on('disconnect', () => void close());
// Ctrl-C reaches the whole process group; the parent stops this process through the channel.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);
