import { errors } from '@elastic/elasticsearch';
import { KcrError, isKcrError } from '../../errors.js';

/** How often and how long a transient failure of an idempotent call is retried (about 3 s in all). */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1600];

/** The HTTP status of an Elasticsearch answer, or undefined for a failure with no answer. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof errors.ResponseError ? error.meta.statusCode ?? undefined : undefined;
}

/** The `error.type` Elasticsearch put in its answer (e.g. version_conflict_engine_exception). */
export function errorTypeOf(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body = error.meta.body as { error?: { type?: string } | string } | undefined;
  return typeof body?.error === 'object' ? body.error.type : undefined;
}

export const isConflict = (error: unknown): boolean => statusOf(error) === 409;
export const isNotFound = (error: unknown): boolean => statusOf(error) === 404;

/**
 * A failure that may pass by itself: no connection (refused, reset, timed out, no living
 * node), 429 (rejected execution), 502/503/504 (no master, shard not yet allocated, a node
 * leaving). Anything else (403 privileges, 400 mapping) will fail the same way again.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError) return true;
  const status = statusOf(error);
  if (status === 429 || status === 502 || status === 503 || status === 504) return true;
  const type = errorTypeOf(error);
  return type === 'master_not_discovered_exception' || type === 'no_shard_available_action_exception' || type === 'unavailable_shards_exception';
}

/** A short reason for a message: never a request body (documents may hold ciphertext). */
export function reasonOf(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    const body = error.meta.body as { error?: { type?: string; reason?: string } } | undefined;
    const detail = body?.error?.reason ? `${body.error.type ?? 'error'}: ${body.error.reason}` : error.message;
    return `HTTP ${error.meta.statusCode} ${detail}`.slice(0, 400);
  }
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 400) : String(error);
}

export interface CallOptions {
  /** The call may be sent again without changing its result (a GET, a write with a fixed id and content, a CAS). */
  idempotent: boolean;
  /** Errors the caller handles itself (returned as thrown, not wrapped): e.g. 409 of a create. */
  passThrough?: (error: unknown) => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one Elasticsearch call. A transient failure of an idempotent call is retried with
 * bounded backoff; what still fails becomes STORE_UNAVAILABLE (HTTP 503) saying what kcr was
 * doing, why, and whether a retry can help. Errors named by `passThrough` and KcrErrors pass through.
 */
export async function esCall<T>(what: string, fn: () => Promise<T>, options: CallOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (isKcrError(error) || options.passThrough?.(error)) throw error;
      const transient = isTransient(error);
      if (transient && options.idempotent && attempt < RETRY_DELAYS_MS.length) {
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      throw storeUnavailable(what, error, transient);
    }
  }
}

export function storeUnavailable(what: string, error: unknown, transient = isTransient(error)): KcrError {
  const advice = transient ? 'Elasticsearch is unreachable or busy; retry the request' : statusOf(error) === 403 ? privilegesAdvice : 'retrying will not help until this is fixed';
  return new KcrError('STORE_UNAVAILABLE', `the Elasticsearch store could not ${what}: ${reasonOf(error)} (${advice})`, {
    cause: error,
    attributes: { retryable: transient },
  });
}

const privilegesAdvice = "kcr's Elasticsearch user needs the index privileges read, write, create_index, view_index_metadata and maintenance on <indexPrefix>-* (README: Elasticsearch store)";

/**
 * Ids that grow: events are listed newest first by (time, id), and plans and applies with the
 * same timestamp by the order they were written. Microseconds of the wall clock, never below
 * the last id this process handed out; across processes only as ordered as their clocks.
 */
export class MonotonicIds {
  #last = 0;

  next(): number {
    this.#last = Math.max(Date.now() * 1000, this.#last + 1);
    return this.#last;
  }
}

/**
 * A write that must land at most once (`op_type: create`, or an index/delete with
 * if_seq_no + if_primary_term). A transient failure is retried; if a retry then answers 409,
 * the first attempt may have landed unseen, so `landedBefore` reads the document and says
 * whether what is there is this very write (a random token or ciphertext in it). Returns false
 * when another writer won (409 not ours).
 */
export async function writeOnce(what: string, write: () => Promise<unknown>, landedBefore: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      if (isKcrError(error)) throw error;
      if (isConflict(error)) return attempt > 0 && (await landedBefore());
      const transient = isTransient(error);
      if (transient && attempt < RETRY_DELAYS_MS.length) {
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      throw storeUnavailable(what, error, transient);
    }
  }
}
