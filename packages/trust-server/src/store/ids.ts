import { randomUUID } from 'node:crypto';

/** A new row id (random UUID). */
export function newId(): string {
  return randomUUID();
}
