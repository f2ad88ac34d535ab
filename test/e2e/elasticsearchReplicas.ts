import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import YAML from 'yaml';
import { startKcrServer, type KcrServer } from '../cli/remote/kcrServer.js';

/** kcr.yaml of a replica on an Elasticsearch cluster: every replica of one deployment shares the nodes and prefix. */
export function elasticsearchStoreYaml(nodes: readonly string[], indexPrefix: string, extra: Record<string, unknown> = {}): string {
  return YAML.stringify({ store: { type: 'elasticsearch', nodes: [...nodes], indexPrefix }, ...extra });
}

/**
 * `count` real `kcr serve` processes on one store: the same config and the same encryption key
 * (replicas must decrypt each other's secrets), each with its own data directory.
 */
export async function startReplicas(count: number, configYaml: string): Promise<KcrServer[]> {
  const env = { KCR_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  const replicas: KcrServer[] = [];
  // One at a time: the first creates the indices, the others find them.
  for (let i = 0; i < count; i++) replicas.push(await startKcrServer({ configYaml, env }));
  return replicas;
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** One JSON call to a replica (auth off: replicas serve on loopback). */
export async function callJson<T = Record<string, unknown>>(baseUrl: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<JsonResponse<T>> {
  const response = await request(`${baseUrl}${path}`, {
    method,
    headers: { 'kbn-xsrf': 'kcr-test', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: (text ? JSON.parse(text) : {}) as T };
}

/** A `.index` connector manifest: the config value is what each round changes. */
export function indexManifest(name: string, space: string, index: string): Record<string, unknown> {
  return { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name }, spec: { space_id: space, name, connector_type_id: '.index', config: { index } } };
}

export interface PlanBody {
  plan_id: string;
  base_serials: Record<string, number>;
  summary: Record<string, number>;
  has_changes: boolean;
}

export async function postPlan(baseUrl: string, set: string, manifests: unknown[]): Promise<PlanBody> {
  const response = await callJson<PlanBody>(baseUrl, 'POST', `/api/reconciler/plans?set=${encodeURIComponent(set)}`, { manifests });
  if (response.status !== 201) throw new Error(`plan on ${baseUrl} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
