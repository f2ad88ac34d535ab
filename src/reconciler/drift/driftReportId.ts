import { randomBytes } from 'node:crypto';

/**
 * The id of a drift report: `drf_` so it is never mistaken for a stored plan (`pln_`), which
 * can be applied; a drift report is computed on request and never stored.
 */
export function newDriftReportId(): string {
  return `drf_${Date.now().toString(36)}${randomBytes(10).toString('hex')}`;
}
