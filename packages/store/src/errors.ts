/** The store package's error catalogue. */
export type StoreErrorCode = 'TS_STORE_LOCKED' | 'TS_MIGRATION_CHANGED';

/**
 * Codes keep the `TS_` names the trust server catalogued before this package was extracted, so
 * operators and logs see the same codes from every process that uses the store.
 */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
