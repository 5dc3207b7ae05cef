import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * A subscription to one NOTIFY channel (docs/trust-server.md, "Scale-out"). `live` is false while the
 * PostgreSQL LISTEN connection is down: notifications may be missed then, so a cache must not trust
 * itself. `onReset` is called whenever notifications may have been missed (connection lost and
 * re-established), so a cache drops everything it holds.
 */
export interface Notifications {
  readonly live: boolean;
  close(): Promise<void>;
}

export interface NotificationHandlers {
  onNotify(payload: string): void;
  onReset(): void;
}

/** PGlite runs in this process: NOTIFY is delivered in-process and never lost. */
export async function listenPglite(
  pglite: PGlite,
  channel: string,
  handlers: NotificationHandlers,
): Promise<Notifications> {
  const unsubscribe = await pglite.listen(channel, (payload) => handlers.onNotify(payload));
  return { live: true, close: () => unsubscribe() };
}

/**
 * A dedicated PostgreSQL connection holding LISTEN (outside the pool, whose connections come and go).
 * When it fails it is re-opened with a capped back-off; while down `live` is false, and once back the
 * handlers are told to reset, since notifications sent in between are gone.
 */
export async function listenPostgres(
  connectionString: string,
  channel: string,
  handlers: NotificationHandlers,
  log: (message: string) => void = () => {},
): Promise<Notifications> {
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let retryMs = 100;
  let timer: NodeJS.Timeout | undefined;

  const lost = (why: string) => {
    if (closed) return;
    if (live) log(`LISTEN ${channel} connection lost: ${why}`);
    live = false;
    handlers.onReset();
    const c = client;
    client = undefined;
    c?.removeAllListeners();
    c?.on('error', () => {});
    c?.end().catch(() => {});
    if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void connect();
      }, retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, 2_000);
    }
  };

  // node-postgres is loaded by the stores that use it, not by every start on PGlite.
  const { default: pgModule } = await import('pg');
  const connect = async () => {
    if (closed) return;
    const c = new pgModule.Client({ connectionString });
    client = c;
    c.on('error', (e) => lost(e.message));
    c.on('end', () => lost('connection ended'));
    c.on('notification', (n) => {
      if (n.channel === channel) handlers.onNotify(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pgModule.escapeIdentifier(channel)}`);
      if (client !== c || closed) return;
      live = true;
      retryMs = 100;
      // Anything changed while no one listened is unknown: start from nothing.
      handlers.onReset();
    } catch (e) {
      if (client === c) lost((e as Error).message);
    }
  };

  await connect();
  return {
    get live() {
      return live;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      live = false;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
