import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { openAuditLog } from './audit/open.ts';
import type { TrustConfig } from './config.ts';
import { type Clock, systemClock, type TrustDeps } from './deps.ts';
import { systemActor } from './domain/actor.ts';
import { TrustError } from './errors.ts';
import { type AppOptions, createApp } from './http/app.ts';
import type { TrustModule } from './http/module.ts';
import { createKek, readKek } from './keys/kek.ts';
import { loadPlatformKeys } from './keys/platform-keys.ts';
import { ensureFirstAdmin } from './modules/accounts/first-admin.ts';
import { openStore, type Store } from './store/db.ts';

export interface TrustServer {
  app: FastifyInstance;
  deps: TrustDeps;
  store: Store;
  /** http://host:port once listening. */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: FastifyServerOptions['logger'];
  /** Destination of the default logger (default stdout). */
  logStream?: AppOptions['logStream'];
  modules?: TrustModule[];
  clock?: Clock;
  /** Build the app without listening (in-process use such as benchmarks of the service layer). */
  listen?: boolean;
}

/**
 * Opens the store (migrating it), loads or creates the platform keys, creates the first admin from
 * MOSIP_TRUST_ADMIN_USER/PASSWORD when there is none, builds the app and listens.
 */
export async function startTrustServer(
  config: TrustConfig,
  options: StartOptions = {},
): Promise<TrustServer> {
  const givenKek = readKek(config);
  const store = await openStore({
    dataDir: config.dataDir,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    poolSize: config.poolSize,
  });
  try {
    const clock = options.clock ?? systemClock;
    const kek = givenKek ?? createKek(config);
    const audit = await openAuditLog(store, kek, config.dataDir, clock);
    const keys = await loadPlatformKeys(store.db, kek);
    const base = { db: store.db, audit, config, keys, clock, listen: store.listen };
    const app = await createApp(base, {
      store,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.logStream ? { logStream: options.logStream } : {}),
      ...(options.modules ? { modules: options.modules } : {}),
    });
    // Services log through the app's logger (its level, redaction and destination).
    const deps: TrustDeps = { ...base, logger: app.log };
    if (config.bootstrapAdmin) {
      await ensureFirstAdmin(deps, systemActor('system'), {
        username: config.bootstrapAdmin.user,
        password: config.bootstrapAdmin.password,
      }).catch(async (e) => {
        await app.close();
        throw e;
      });
    }
    store.onConnectionError = (e) =>
      app.log.warn({ err: { message: e.message } }, 'store connection lost; the pool reconnects');
    let url = '';
    if (options.listen !== false) {
      try {
        url = await app.listen({ host: config.host, port: config.port });
      } catch (e) {
        await app.close();
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
          throw new TrustError('TS_PORT_IN_USE', `port ${config.port} is in use (on ${config.host})`);
        throw new TrustError(
          'TS_CONFIG_INVALID',
          `cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`,
        );
      }
    }
    // The anchor file follows the signed head a few seconds behind (src/audit/checkpoint.ts).
    const anchorTimer = setInterval(() => {
      audit.advanceAnchor(store.db).catch((e) => app.log.warn({ err: e }, 'audit anchor not advanced'));
    }, 5000);
    anchorTimer.unref();
    return {
      app,
      deps,
      store,
      url,
      close: async () => {
        clearInterval(anchorTimer);
        await app.close();
        await audit.advanceAnchor(store.db).catch(() => undefined);
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
