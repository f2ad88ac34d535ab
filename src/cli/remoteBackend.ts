import { Agent, request, type Dispatcher } from 'undici';
import { ERROR_CODES, KcrError, type ErrorCode, type ErrorDetail } from '../errors.js';
import type { ApplyRecord } from '../model/apply.js';
import type { DesiredConnectorInput } from '../model/desired.js';
import { isJsonObject, type JsonValue } from '../model/json.js';
import { planHead, type Plan, type PlanHead } from '../model/plan.js';
import type { PlanCommandRequest, ReconcilerBackend } from './reconcilerBackend.js';
import type { CliIo } from './io.js';

/** What an error response of kcr's API carries (src/api/errorMiddleware.ts). */
interface ErrorBody {
  statusCode?: number;
  message?: string;
  code?: string;
  errors?: ErrorDetail[];
  attributes?: Record<string, unknown>;
}

/**
 * The `Authorization` header of a remote CLI run, from the three kinds of credential a kcr server
 * (like Kibana) takes: `KCR_API_KEY` (base64 of id:key, as Kibana prints API keys),
 * `KCR_USERNAME` + `KCR_PASSWORD` (Basic), or `KCR_BEARER_TOKEN`. None: no header (a server
 * without principals). More than one kind is refused rather than guessed between.
 */
export function remoteAuthorization(env: Record<string, string | undefined>): string | undefined {
  const kinds: string[] = [];
  if (env.KCR_API_KEY) kinds.push('KCR_API_KEY');
  if (env.KCR_USERNAME || env.KCR_PASSWORD) kinds.push('KCR_USERNAME/KCR_PASSWORD');
  if (env.KCR_BEARER_TOKEN) kinds.push('KCR_BEARER_TOKEN');
  if (kinds.length > 1) throw new KcrError('BAD_REQUEST', `set one kind of credential for --server, not ${kinds.join(' and ')}`);
  if (env.KCR_API_KEY) return `ApiKey ${env.KCR_API_KEY}`;
  if (env.KCR_BEARER_TOKEN) return `Bearer ${env.KCR_BEARER_TOKEN}`;
  if (env.KCR_USERNAME || env.KCR_PASSWORD) {
    if (!env.KCR_USERNAME || !env.KCR_PASSWORD) throw new KcrError('BAD_REQUEST', 'KCR_USERNAME and KCR_PASSWORD go together: set both for Basic authentication');
    return `Basic ${Buffer.from(`${env.KCR_USERNAME}:${env.KCR_PASSWORD}`, 'utf8').toString('base64')}`;
  }
  return undefined;
}

/**
 * The backend over a running kcr's reconciler API (`--server URL` or `KCR_SERVER`). The CLI
 * validates and resolves manifests locally (references use the CI machine's environment and
 * files) and sends the resolved desired state as JSON; the secret values travel only in that
 * request body. Errors come back as the same KcrError code and message a local run raises, so
 * the CLI prints the same lines and exits with the same code. When the server has principals,
 * the credential comes from the environment (see {@link remoteAuthorization}).
 */
export class RemoteBackend implements ReconcilerBackend {
  readonly #baseUrl: string;
  readonly #headers: Record<string, string>;
  // Applies can run for minutes: the server answers once the apply is recorded.
  readonly #agent = new Agent({ headersTimeout: 30 * 60_000, bodyTimeout: 30 * 60_000 });

  constructor(baseUrl: string, io: CliIo) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#headers = { 'kbn-xsrf': 'kcr-cli', accept: 'application/json' };
    const authorization = remoteAuthorization(io.env);
    if (authorization) this.#headers.authorization = authorization;
  }

  /** A plan refused by a safety rule is stored anyway and returned, as the local backend does. */
  async plan(planRequest: PlanCommandRequest): Promise<Plan> {
    const query = new URLSearchParams({ set: planRequest.set });
    for (const space of planRequest.spaces) query.append('space', space);
    if (planRequest.allowEmpty) query.set('allow_empty', 'true');
    if (planRequest.maxDeletes !== undefined) query.set('max_deletes', String(planRequest.maxDeletes));
    const body = { manifests: planRequest.desired.map(toManifest), sources: planRequest.desired.map((d) => ({ file: d.source.file, document: d.source.document })) };
    try {
      return await this.#call<Plan>('POST', `/api/reconciler/plans?${query}`, body);
    } catch (error) {
      const rejected = error instanceof KcrError && error.code === 'PLAN_REJECTED' ? (error.attributes?.plan as Plan | undefined) : undefined;
      if (rejected) return rejected;
      throw error;
    }
  }

  apply(planId: string): Promise<ApplyRecord> {
    return this.#call('POST', `/api/reconciler/plans/${encodeURIComponent(planId)}/apply`);
  }

  getPlan(planId: string): Promise<Plan> {
    return this.#call('GET', `/api/reconciler/plans/${encodeURIComponent(planId)}`);
  }

  getApply(applyId: string): Promise<ApplyRecord> {
    return this.#call('GET', `/api/reconciler/applies/${encodeURIComponent(applyId)}`);
  }

  /** Heads, as the local backend lists them, so `kcr history --json` is the same in both modes. */
  async listPlans(limit: number): Promise<PlanHead[]> {
    if (limit === 0) return [];
    return (await this.#call<{ items: Plan[] }>('GET', `/api/reconciler/plans?limit=${Math.min(limit, 1000)}`)).items.map(planHead);
  }

  async listApplies(limit: number): Promise<ApplyRecord[]> {
    if (limit === 0) return [];
    return (await this.#call<{ items: ApplyRecord[] }>('GET', `/api/reconciler/applies?limit=${Math.min(limit, 1000)}`)).items;
  }

  /** The refresh-only drift report of a set (GET /api/reconciler/drift). */
  drift(set: string, spaces: string[]): Promise<Plan> {
    const query = new URLSearchParams({ set });
    for (const space of spaces) query.append('space', space);
    return this.#call('GET', `/api/reconciler/drift?${query}`);
  }

  /** The server parses what it is sent; a remote run keeps no local cache. */
  manifestCache(): undefined {
    return undefined;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #call<T>(method: Dispatcher.HttpMethod, path: string, body?: unknown): Promise<T> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.#baseUrl}${path}`, {
        method,
        dispatcher: this.#agent,
        headers: body === undefined ? this.#headers : { ...this.#headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new KcrError('STORE_UNAVAILABLE', `cannot reach kcr at ${this.#baseUrl} (${reason}); is kcr serve running there?`);
    }
    const text = await response.body.text();
    if (response.statusCode < 400) return JSON.parse(text) as T;
    throw errorFromResponse(response.statusCode, text, this.#baseUrl);
  }
}

/** The KcrError a local run would have thrown, rebuilt from the API's error body. */
function errorFromResponse(status: number, text: string, baseUrl: string): KcrError {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // Not kcr (a proxy's HTML page, say): say what answered instead.
  }
  const code: ErrorCode = body.code && body.code in ERROR_CODES ? (body.code as ErrorCode) : 'INTERNAL';
  const message = body.message ?? `${baseUrl} answered HTTP ${status} without a kcr error body`;
  return new KcrError(code, message, { status, errors: body.errors, attributes: body.attributes });
}

/**
 * One resolved desired connector as a kcr/v1 Connector document. Resolved secret values that
 * look like references are escaped (`$${...}`), so the server takes them literally.
 */
function toManifest(desired: DesiredConnectorInput) {
  const metadata = Object.keys(desired.labels).length > 0 ? { name: desired.source.name, labels: desired.labels } : { name: desired.source.name };
  return {
    apiVersion: 'kcr/v1',
    kind: 'Connector',
    metadata,
    spec: {
      connector_id: desired.connectorId,
      space_id: desired.spaceId,
      name: desired.name,
      connector_type_id: desired.connectorTypeId,
      config: desired.config,
      secrets: escapeReferences(desired.secrets.reveal()),
    },
    policy: desired.policy,
  };
}

function escapeReferences(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.replace(/\$\{(env|file):[^}]*\}/g, (reference) => `$${reference}`);
  if (Array.isArray(value)) return value.map(escapeReferences);
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, escapeReferences(child)]));
  return value;
}
