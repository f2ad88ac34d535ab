import { KcrError, isKcrError } from '../../errors.js';

/**
 * Runs a store operation and turns SQLite's own failures (busy after the timeout, disk full,
 * read-only file) into STORE_UNAVAILABLE, so the API answers 503 and the CLI prints one line.
 * KcrErrors thrown on purpose pass through unchanged.
 */
export function guardStore<T>(what: string, fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    if (isKcrError(error)) return Promise.reject(error);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) {
      return Promise.reject(new KcrError('STORE_UNAVAILABLE', `the store could not ${what}: ${code} ${(error as Error).message}`, { cause: error }));
    }
    return Promise.reject(error);
  }
}
