import type { NotificationHandlers, Notifications } from '../../store/notifications.ts';

/**
 * The authentication API's hot-path cache (docs/trust-server.md, "Scale-out"): licence, partner, policy,
 * API key, certificates, trust material and device registry answers, keyed by kind and key. Any change to
 * a cached table sends NOTIFY trust_cache (migration 051); on any notification every entry is dropped, so a
 * revocation on one instance is honoured by every instance as soon as the notification arrives.
 *
 * Two races are closed: a load that started before a notification is not stored after it (generation
 * check), and while the LISTEN connection is down nothing is served from or stored in the cache.
 */
export class HotCache implements NotificationHandlers {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  private generation = 0;
  private notifications: Notifications | undefined;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 100_000,
  ) {}

  /** Connects the cache to its invalidation source; until then (and while it is down) nothing is cached. */
  attach(notifications: Notifications): void {
    this.notifications = notifications;
  }

  onNotify(): void {
    this.clear();
  }

  onReset(): void {
    this.clear();
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value of `kind:key`, or what `load` answers (stored unless an invalidation came meanwhile). */
  async get<T>(kind: string, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const live = this.notifications?.live === true;
    const id = `${kind}\u0000${key}`;
    if (live) {
      const hit = this.entries.get(id);
      if (hit && hit.expires > now) return hit.value as T;
    }
    const generation = this.generation;
    const value = await load();
    if (live && this.notifications?.live && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(id, { value, expires: now + this.ttlMs });
    }
    return value;
  }

  /** The current generation: changes whenever the cache is cleared (trust material is rebuilt then). */
  get version(): number {
    return this.generation;
  }
}
