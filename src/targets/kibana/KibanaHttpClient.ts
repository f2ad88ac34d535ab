import { request, type Dispatcher } from 'undici';
import type { JsonObject } from '../../model/json.js';
import { KCR_VERSION } from '../../version.js';
import type { CallReport } from '../Target.js';
import { scrubSecrets, unreachableError } from './kibanaError.js';
import type { KibanaTargetOptions } from './options.js';
import {
  delayBefore, describeStatus, describeTransportError, isRetryableStatus, isRetryableTransportError, note,
  type AttemptResult, type RawResponse, type RetryEnvironment,
} from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One logical call to Kibana, possibly sent several times. */
export interface CallSpec {
  method: HttpMethod;
  /** Path below Kibana's base URL, starting with `/` (e.g. `/s/default/api/actions/connectors`). */
  path: string;
  body?: JsonObject;
  /** Names the call in report lines and errors, e.g. `create connector ops/abc`. */
  what: string;
  /** The request's secret strings, scrubbed from any text kcr builds from a failure. */
  secrets?: readonly string[];
  report?: CallReport;
  /**
   * Runs after a fault (given) and its wait, before the next try. Returning a response ends the
   * call with it: create uses this to find out with a GET whether a lost write really happened.
   */
  beforeRetry?: (fault: AttemptResult) => Promise<RawResponse | undefined>;
}

/** The last answer of a call and whether any fault happened on the way (so a 404/409 may be the echo of a lost success). */
export interface CallResult {
  response: RawResponse;
  afterFault: boolean;
}

/**
 * Sends requests to one Kibana over a keep-alive undici dispatcher, with Kibana's headers,
 * and retries transient faults with backoff. It never decides what an answer means: the
 * target does. Credentials live only in the header map and are never put in a message.
 */
export class KibanaHttpClient {
  readonly origin: string;
  readonly #basePath: string;
  // Private (#) fields: util.inspect and JSON never show them, so the Authorization header cannot leak.
  readonly #headers: Record<string, string>;
  readonly #retry: KibanaTargetOptions['retry'];
  readonly #dispatcher: Dispatcher;
  readonly #env: RetryEnvironment;
  #closed = false;

  constructor(options: Pick<KibanaTargetOptions, 'url' | 'retry'>, authorization: string | undefined, dispatcher: Dispatcher, env: RetryEnvironment) {
    this.#retry = options.retry;
    this.#dispatcher = dispatcher;
    this.#env = env;
    const url = new URL(options.url);
    this.origin = url.origin;
    // Kibana behind a base path (`https://host/kibana`): every route goes below it.
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#headers = { accept: 'application/json', 'user-agent': `kcr/${KCR_VERSION}` };
    if (authorization) this.#headers.authorization = authorization;
  }

  /** Sends the call, retrying 429, 502/503/504 and connection faults up to `retry.maxAttempts` tries. */
  async call(spec: CallSpec): Promise<CallResult> {
    const { maxAttempts } = this.#retry;
    let afterFault = false;
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(spec);
      const fault = this.#faultOf(result, spec);
      if (fault === undefined) {
        const { response } = result as { response: RawResponse };
        // A server error that is not retried (500, 501, ...) fails the operation: its record says on what.
        if (response.status >= 500) note(spec.report, `attempt ${attempt}: ${describeStatus(response.status)}, not retried`);
        return { response, afterFault };
      }
      if (fault.final || attempt >= maxAttempts) {
        note(spec.report, `attempt ${attempt}: ${fault.label}, giving up`);
        if ('response' in result) return { response: result.response, afterFault };
        throw unreachableError(this.origin, spec.what, fault.label);
      }
      const delay = delayBefore(attempt, result, this.#retry, this.#env, Date.now());
      note(spec.report, `attempt ${attempt}: ${fault.label}, retried after ${delay}ms`);
      afterFault = true;
      await this.#env.sleep(delay);
      const settled = spec.beforeRetry ? await spec.beforeRetry(result) : undefined;
      if (settled) return { response: settled, afterFault };
    }
  }

  /** Closes the pool; in-flight requests finish first. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#dispatcher.close();
  }

  #faultOf(result: AttemptResult, spec: CallSpec): { label: string; final: boolean } | undefined {
    if ('response' in result) {
      return isRetryableStatus(result.response.status) ? { label: describeStatus(result.response.status), final: false } : undefined;
    }
    const label = scrubSecrets(describeTransportError(result.error), spec.secrets ?? []);
    return { label, final: !isRetryableTransportError(result.error) };
  }

  async #attempt(spec: CallSpec): Promise<AttemptResult> {
    const headers: Record<string, string> = { ...this.#headers };
    // Kibana core refuses writes without kbn-xsrf; GETs do not need it (the provider sends it on writes only).
    if (spec.method !== 'GET') headers['kbn-xsrf'] = 'true';
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const answer = await request(`${this.origin}${this.#basePath}${spec.path}`, {
        dispatcher: this.#dispatcher,
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
      });
      // Reading the body can fail too (a reset mid-body, bodyTimeout): that is a transport fault.
      const text = await answer.body.text();
      return { response: { status: answer.statusCode, headers: answer.headers, body: parseJson(text) } };
    } catch (error) {
      return { error };
    }
  }
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page: the status says enough, and its text is not Kibana's to pass on.
    return undefined;
  }
}
