import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import type { DeepPartial } from '../../../src/config/loadConfig.js';
import type { KcrConfig } from '../../../src/config/types.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { ReconcilerService } from '../../../src/reconciler/ReconcilerService.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

export interface ReconcilerTestApp extends TestApp {
  service: ReconcilerService;
}

/**
 * The real app with the reconciler service mounted, over the teammate's test helper (real SQLite
 * in a temp dir, real registry, embedded target): exactly what `kcr serve` builds.
 */
export async function createReconcilerTestApp(overrides: DeepPartial<KcrConfig> = {}): Promise<ReconcilerTestApp> {
  const base = await createTestApp(overrides);
  const service = new ReconcilerService({ config: base.config, store: base.store, target: base.target, registry: base.registry });
  const logger = createLogger({ level: base.config.logLevel, destination: base.logs });
  const app: Express = createApp({ config: base.config, store: base.store, target: base.target, registry: base.registry, logger, reconciler: service });
  return { ...base, app, service };
}

/** A `.webhook` Connector manifest (no secrets), YAML. */
export function webhookYaml(name: string, url: string, options: { space?: string; displayName?: string } = {}): string {
  return [
    'apiVersion: kcr/v1', 'kind: Connector', 'metadata:', `  name: ${name}`, 'spec:', `  space_id: ${options.space ?? 'default'}`,
    `  name: "${options.displayName ?? name}"`, '  connector_type_id: .webhook', '  config:', `    url: ${url}`, '    method: post', '    hasAuth: false',
  ].join('\n');
}

/** The same manifest as a JSON document. */
export function webhookDoc(name: string, url: string, options: { space?: string; displayName?: string } = {}) {
  return {
    apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name },
    spec: { space_id: options.space ?? 'default', name: options.displayName ?? name, connector_type_id: '.webhook', config: { url, method: 'post', hasAuth: false } },
  };
}

/** A `.slack` manifest with a literal secret (what the CLI sends once it resolved references). */
export function slackDoc(name: string, webhookUrl: string, options: { space?: string } = {}) {
  return {
    apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name },
    spec: { space_id: options.space ?? 'default', name, connector_type_id: '.slack', secrets: { webhookUrl } },
  };
}

/** POSTs YAML manifests as a plan. */
export function postYamlPlan(app: Express, yaml: string, query = 'set=default') {
  return request(app).post(`/api/reconciler/plans?${query}`).set('kbn-xsrf', 'true').set('content-type', 'application/yaml').send(yaml);
}

/** POSTs JSON manifests as a plan. */
export function postJsonPlan(app: Express, manifests: unknown[], query = 'set=default') {
  return request(app).post(`/api/reconciler/plans?${query}`).set('kbn-xsrf', 'true').send({ manifests });
}

/** Plans and applies; returns the plan and the apply record. */
export async function planAndApply(app: Express, manifests: unknown[], query = 'set=default') {
  const planned = await postJsonPlan(app, manifests, query);
  expect(planned.status, JSON.stringify(planned.body)).toBe(201);
  const applied = await request(app).post(`/api/reconciler/plans/${planned.body.plan_id}/apply`).set('kbn-xsrf', 'true');
  expect(applied.status, JSON.stringify(applied.body)).toBe(200);
  return { plan: planned.body, apply: applied.body };
}
