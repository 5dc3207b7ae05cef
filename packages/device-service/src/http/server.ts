/** startMdsServer: the device service's HTTP/1.1 server on node:net, bound to 127.0.0.1 only. */
import { createServer, type Socket } from 'node:net';
import { Connection } from './connection.ts';
import { CorsPolicy } from './cors.ts';
import { resolveOptions } from './limits.ts';
import { listenOnFirstFreePort } from './listen.ts';
import type { MdsServer, MdsServerOptions } from './types.ts';

export async function startMdsServer(options: MdsServerOptions): Promise<MdsServer> {
  const opts = resolveOptions(options);
  const logger = opts.logger?.child({ component: 'mds-http' });
  const cors = new CorsPolicy(opts.allowedOrigins);
  /** Insertion order = age, oldest first. */
  const connections = new Set<Connection>();
  let port = 0;

  const accept = (socket: Socket): void => {
    if (connections.size >= opts.limits.maxConnections) {
      // make room by dropping the oldest connection that is not being answered (idle, slow or half-sent)
      let victim: Connection | undefined;
      for (const c of connections) {
        if (!c.busy) {
          victim = c;
          break;
        }
      }
      if (!victim) {
        logger?.warn({ max: opts.limits.maxConnections }, 'connection refused: all connections busy');
        socket.destroy();
        return;
      }
      connections.delete(victim);
      victim.destroy();
    }
    const conn = new Connection(socket, {
      opts,
      cors,
      port,
      logger,
      onClosed: (c) => connections.delete(c),
    });
    connections.add(conn);
  };

  // noDelay: each response leaves as soon as it is written (set on the handle at accept, no JS socket call).
  const server = createServer({ allowHalfOpen: true, noDelay: true }, accept);
  port = await listenOnFirstFreePort(server, opts.ports, opts.fixedPort);
  logger?.info({ port }, 'device service listening on 127.0.0.1');

  let closing: Promise<void> | undefined;
  return {
    port,
    get connectionCount() {
      return connections.size;
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of connections) c.destroy();
        connections.clear();
      });
      return closing;
    },
  };
}
