import { expect } from 'vitest';
import { KcrError } from '../../src/errors.js';

/** The KcrError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function kcrRejection(promise: Promise<unknown>): Promise<KcrError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KcrError);
  return error as KcrError;
}

/** The KcrError `run` throws; fails the test when it returns or throws anything else. */
export function kcrThrow(run: () => unknown): KcrError {
  let error: unknown;
  try {
    run();
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(KcrError);
  return error as KcrError;
}
