/**
 * The parent's side of the management server's own process (management-process.ts): forked at once so
 * that its modules and its store load on another core while this process starts the trust server.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { ManagementServerOptions } from '@mosip-trust/management-server';

/** What the parent sends: the options once known, the trust server's URL once it listens, then orders. */
export type ToManagementProcess =
  | { type: 'start'; options: Omit<ManagementServerOptions, 'trustServer'> }
  | { type: 'trust-server'; url: string }
  | { type: 'sign-in' }
  | { type: 'close' };

export interface ProcessFailure {
  message: string;
  code?: string;
  port?: number;
}

export type FromManagementProcess =
  | { type: 'here' }
  | { type: 'listening'; url: string; providerCaPath: string }
  | { type: 'signed-in' }
  | { type: 'failed'; stage: 'start' | 'sign-in'; error: ProcessFailure };

/** How long a closing management server may take before it is killed. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface ManagementChild {
  /** Where it listens and its provider CA file, once it listens (rejects if it could not start). */
  listening: Promise<{ url: string; providerCaPath: string }>;
  /** Settles with the reason if the process ends before it is closed. */
  ended: Promise<Error>;
  start(options: Omit<ManagementServerOptions, 'trustServer'>): void;
  trustServer(url: string): void;
  /** Its sign-in to the trust server (started once, shared); rejects with the reason it failed. */
  signIn(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The child's entry beside this file and the flags that run it: the bundle's chunk in dist/, or under
 * the sources (the tests) the TypeScript file through tsx with the "source" condition, as the parent runs
 * (which may have registered tsx in its own code rather than by a flag: packages/cli/bin).
 */
function entry(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return { url: new URL('./management-process.js', here), execArgv: process.execArgv };
  return {
    url: new URL('./management-process.ts', here),
    execArgv: [...process.execArgv, '--conditions=source', '--import', import.meta.resolve('tsx')],
  };
}

const asError = (f: ProcessFailure) => Object.assign(new Error(f.message), f);

export function forkManagementChild(): ManagementChild {
  // The same Node and flags, its output on ours.
  const { url, execArgv } = entry();
  const child: ChildProcess = fork(url, [], { execPath: process.execPath, execArgv });
  let closing = false;
  let signedIn: Promise<void> | undefined;
  const waiters = new Set<(m: FromManagementProcess) => void>();
  child.on('message', (m: FromManagementProcess) => {
    for (const w of waiters) w(m);
  });
  const ended = new Promise<Error>((resolve) => {
    const end = (how: string) => {
      if (!closing) resolve(new Error(`the management server's process ended (${how})`));
    };
    child.on('exit', (code, signal) => end(signal ? `signal ${signal}` : `exit status ${code}`));
    child.on('error', (e) => end(e.message));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** The first message `pick` answers for, or the process's end. */
  const answer = <T>(pick: (m: FromManagementProcess) => T | undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const waiter = (m: FromManagementProcess) => {
        const got = pick(m);
        if (got === undefined) return;
        waiters.delete(waiter);
        resolve(got);
      };
      waiters.add(waiter);
      void ended.then(reject);
    });
  // A message that reaches the child before its listener is lost: keep them until it says it is here.
  let queue: ToManagementProcess[] | undefined = [];
  const send = (m: ToManagementProcess) => {
    if (queue) queue.push(m);
    else if (child.connected) child.send(m);
  };
  void answer((m) => (m.type === 'here' ? m : undefined)).then(
    () => {
      const queued = queue ?? [];
      queue = undefined;
      for (const m of queued) send(m);
    },
    () => undefined,
  );
  const listening = answer((m) =>
    m.type === 'listening' ? m : m.type === 'failed' && m.stage === 'start' ? { failed: m.error } : undefined,
  ).then((m) => {
    if ('failed' in m) throw asError(m.failed);
    return { url: m.url, providerCaPath: m.providerCaPath };
  });
  listening.catch(() => undefined);
  return {
    listening,
    ended,
    start: (options) => send({ type: 'start', options }),
    trustServer: (url) => send({ type: 'trust-server', url }),
    signIn() {
      signedIn ??= (() => {
        const done = answer((m) =>
          m.type === 'signed-in' || (m.type === 'failed' && m.stage === 'sign-in') ? m : undefined,
        ).then((m) => {
          if (m.type === 'failed') throw asError(m.error);
        });
        send({ type: 'sign-in' });
        return done;
      })();
      return signedIn;
    },
    async close() {
      closing = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // Not yet listening for messages: it cannot be asked to stop.
      if (queue) child.kill('SIGKILL');
      send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
