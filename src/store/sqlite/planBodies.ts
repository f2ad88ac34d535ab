import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** How a stored plan's `plan` and `operations` columns are written (migration 2). */
export type PlanBodyEncoding = 'json' | 'deflate-raw';

/** What new plans are written in. */
export const PLAN_BODY_ENCODING: PlanBodyEncoding = 'deflate-raw';

/**
 * A plan body as stored. Deflate at level 1: plan JSON is repetitive (a no-op plan of 10,000
 * connectors deflates ~13x), and level 1 compresses it in about the time SQLite would take to
 * write the uncompressed text, so plans cost less disk and no more time.
 */
export function encodePlanBody(value: unknown): Buffer {
  return deflateRawSync(JSON.stringify(value), { level: 1 });
}

/** Reads a body written in either encoding (rows from before migration 2 are JSON text). */
export function decodePlanBody<T>(stored: string | Buffer, encoding: string): T {
  if (encoding === 'json') return JSON.parse(typeof stored === 'string' ? stored : stored.toString('utf8')) as T;
  if (encoding === 'deflate-raw' && Buffer.isBuffer(stored)) return JSON.parse(inflateRawSync(stored).toString('utf8')) as T;
  throw new Error(`stored plan body has an unknown encoding "${encoding}"`);
}
