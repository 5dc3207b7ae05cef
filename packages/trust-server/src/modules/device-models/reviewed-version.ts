/**
 * An approval names what was reviewed (docs/trust-server.md, "Approving what was reviewed"): `recordVersion`, the
 * version of the device detail or SBI version the admin read in its view. Every edit increments it, so a record
 * edited after review fails the approval with 409 TS_CHANGED_SINCE_REVIEW and nothing is approved.
 *
 * MOSIP's admin clients send no version on these MOSIP paths. Without one, only a record never edited since it was
 * registered (version 1) can be approved: after an edit, there is no telling which version the admin read.
 */
export function reviewedVersion(
  label: string,
  recordVersion: number | undefined,
): { version: number; changed: (current: number) => string } {
  return {
    version: recordVersion ?? 1,
    changed: (current) =>
      recordVersion === undefined
        ? `${label} was edited after it was registered (now recordVersion ${current}); approve it naming the recordVersion you reviewed.`
        : `${label} changed after it was reviewed (reviewed recordVersion ${recordVersion}, now ${current}); review it again.`,
  };
}
