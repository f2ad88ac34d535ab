import type { ActionsSettings } from '../../config/types.js';
import { DEFAULT_CONFIG } from '../../config/defaults.js';
import { KcrError } from '../../errors.js';

/** How kcr retries a call to Kibana that met a transient fault (429, 502/503/504, a dropped connection). */
export interface RetrySettings {
  /** Total tries per call, the first one included (1 = never retry). */
  maxAttempts: number;
  /** The backoff ceiling of the first retry; it doubles on each further retry (full jitter below it). */
  baseDelayMs: number;
  /** No wait is ever longer, `Retry-After` included. */
  maxDelayMs: number;
}

/** Everything the kibana target needs to reach one Kibana. Credentials: at most one kind is used (see {@link authorizationHeader}). */
export interface KibanaTargetOptions {
  /** Kibana's base URL; a base path (`https://host/kibana`) is kept in front of every route. */
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  bearerToken?: string;
  /** A PEM file of CA certificates trusted for Kibana's own certificate. */
  caFile?: string;
  /** Skip TLS verification of Kibana (like the Terraform provider's `insecure`). */
  insecure?: boolean;
  /** Most requests in flight at once (the keep-alive pool size). */
  concurrency: number;
  retry: RetrySettings;
  /** Kibana's `xpack.actions.*` networking settings, applied to kcr's own calls to Kibana. */
  actions: ActionsSettings;
}

/** The defaults used when a caller leaves a knob out. */
export const DEFAULT_RETRY: Readonly<RetrySettings> = Object.freeze({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 });
export const DEFAULT_CONCURRENCY = 10;

/** What the caller may leave out of {@link KibanaTargetOptions}. */
export type KibanaTargetInput = Omit<KibanaTargetOptions, 'concurrency' | 'retry' | 'actions'> & {
  concurrency?: number;
  retry?: Partial<RetrySettings>;
  actions?: Partial<ActionsSettings>;
};

/** Kibana's `xpack.actions.*` defaults: the same object the config loader starts from. */
const DEFAULT_ACTIONS: ActionsSettings = DEFAULT_CONFIG.actions;

/** Fills defaults in, checks the URL and the numbers, and freezes the result. */
export function resolveKibanaTargetOptions(input: KibanaTargetInput): Readonly<KibanaTargetOptions> {
  let parsed: URL;
  try {
    parsed = new URL(input.url);
  } catch {
    throw new KcrError('CONFIG_INVALID', 'target.url is not a valid URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Never echo the URL here: it holds the credentials.
    throw new KcrError('CONFIG_INVALID', 'target.url must not carry credentials; use target.username and target.password, apiKey or bearerToken');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new KcrError('CONFIG_INVALID', `target.url must be http: or https:, got ${parsed.protocol}`);
  }
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new KcrError('CONFIG_INVALID', 'target retry.maxAttempts must be an integer >= 1');
  }
  const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new KcrError('CONFIG_INVALID', 'target.concurrency must be an integer >= 1');
  }
  const actions = { ...DEFAULT_ACTIONS, ...input.actions };
  parseDuration(actions.responseTimeout);
  return Object.freeze({ ...input, concurrency, retry, actions });
}

/**
 * The Authorization header, in the Terraform provider's order: a bearer token, then an API key
 * (already `base64(id:key)`, sent as is), then Basic. Undefined when no credentials are set.
 */
export function authorizationHeader(options: Pick<KibanaTargetOptions, 'bearerToken' | 'apiKey' | 'username' | 'password'>): string | undefined {
  if (options.bearerToken) return `Bearer ${options.bearerToken}`;
  if (options.apiKey) return `ApiKey ${options.apiKey}`;
  if (options.username !== undefined && options.password !== undefined) {
    return `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }
  return undefined;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Kibana duration (`500ms`, `60s`, `1m`, `1h`; a bare number is milliseconds) into milliseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match) {
    throw new KcrError('CONFIG_INVALID', `actions.responseTimeout: "${text}" is not a duration like 500ms, 60s or 1m`);
  }
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 'ms']);
}
