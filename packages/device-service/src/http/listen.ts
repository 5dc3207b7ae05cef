/** Binding: the first port of the range that listens on 127.0.0.1 (bind-and-retry, not connect-probing). */
import type { AddressInfo, Server } from 'node:net';
import { DeviceServiceError } from '../errors.ts';

export const LOOPBACK = '127.0.0.1';

function listenOnce(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: LOOPBACK, exclusive: true });
  });
}

/** Listens on the first port of `ports` that is free (only that port when `fixed`); returns the port. */
export async function listenOnFirstFreePort(
  server: Server,
  ports: number[],
  fixed: boolean,
): Promise<number> {
  for (const port of ports) {
    try {
      await listenOnce(server, port);
      return (server.address() as AddressInfo).port;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && !fixed) continue;
      throw new DeviceServiceError(
        'ERR_CONFIG',
        `cannot listen on ${LOOPBACK}:${port} (${code ?? String(err)})`,
      );
    }
  }
  throw new DeviceServiceError(
    'ERR_CONFIG',
    `no free port in ${ports[0]}-${ports[ports.length - 1]} on ${LOOPBACK}`,
  );
}
