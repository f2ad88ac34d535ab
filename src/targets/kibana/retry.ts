import { STATUS_CODES } from 'node:http';
import type { CallReport } from '../Target.js';
import type { RetrySettings } from './options.js';

/** A response from Kibana, body already read and parsed. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The injectable clock and dice of the retry loop, so tests neither wait nor guess. */
export interface RetryEnvironment {
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), as Math.random. */
  random: () => number;
}

/** Statuses that mean "try again later" rather than "no". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause === undefined ? undefined : errorCode(cause);
}

/** A short label for a transport failure, e.g. `ECONNRESET (socket hang up)`; never includes request data. */
export function describeTransportError(error: unknown): string {
  const code = errorCode(error) ?? 'ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return message && !message.includes(code) ? `${code} (${message})` : code;
}

/** True when a transport failure is worth retrying: resets, refusals, hang-ups and timeouts. */
export function isRetryableTransportError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^(retry-1))). */
export function backoffMs(retryNumber: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.floor(random() * ceiling);
}

/** The label of a retryable answer, e.g. `503 Service Unavailable`. */
export function describeStatus(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/** What one attempt produced: an answer, or a transport failure. */
export type AttemptResult = { response: RawResponse } | { error: unknown };

/**
 * The delay before the next try, honouring `Retry-After` on 429/503 (capped at maxDelayMs),
 * otherwise the jittered backoff.
 */
export function delayBefore(retryNumber: number, result: AttemptResult, settings: RetrySettings, env: RetryEnvironment, now: number): number {
  if ('response' in result) {
    const asked = retryAfterMs(result.response.headers['retry-after'], now);
    if (asked !== undefined) return Math.min(asked, settings.maxDelayMs);
  }
  return backoffMs(retryNumber, settings, env.random);
}

/** Appends a line to the call's report, when the caller asked for one. */
export function note(report: CallReport | undefined, line: string): void {
  report?.attempts.push(line);
}
