import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { loadConfig } from '../../../src/config/loadConfig.js';
import type { PrincipalConfig } from '../../../src/config/types.js';
import { createLogger } from '../../../src/logging/createLogger.js';
import { ReconcilerService } from '../../../src/reconciler/ReconcilerService.js';
import { createTestApp, type TestApp } from '../../helpers/createTestApp.js';

export interface UiTestApp extends TestApp {
  service: ReconcilerService;
}

/**
 * The real app as `kcr serve` builds it (reconciler service given, so /ui is mounted) over a real
 * SQLite store in a temp dir; with `principals`, authentication and per-space authorization are on.
 */
export async function createUiTestApp(options: { principals?: PrincipalConfig[]; managedConnectorWrites?: 'allow' | 'reject' } = {}): Promise<UiTestApp> {
  const base = await createTestApp({ managedConnectorWrites: options.managedConnectorWrites ?? 'reject' });
  const config = options.principals
    ? loadConfig({ cwd: base.dataDir, env: {}, dataDir: base.dataDir, overrides: { logLevel: 'debug', principals: options.principals, managedConnectorWrites: options.managedConnectorWrites ?? 'reject' } })
    : base.config;
  const service = new ReconcilerService({ config, store: base.store, target: base.target, registry: base.registry });
  const logger = createLogger({ level: config.logLevel, destination: base.logs });
  const app: Express = createApp({ config, store: base.store, target: base.target, registry: base.registry, logger, reconciler: service });
  return { ...base, config, app, service };
}

/** A `.webhook` manifest as JSON, with an optional fixed connector id and display name. */
export function webhookManifest(name: string, options: { space?: string; displayName?: string; id?: string; url?: string } = {}) {
  return {
    apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name },
    spec: {
      space_id: options.space ?? 'default', name: options.displayName ?? name, connector_type_id: '.webhook',
      ...(options.id ? { connector_id: options.id } : {}),
      config: { url: options.url ?? `https://example.com/${name}`, method: 'post', hasAuth: false },
    },
  };
}

/** A `.slack` manifest whose webhook URL (a secret) is the given canary. */
export function slackManifest(name: string, webhookUrl: string, space = 'default') {
  return { apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name }, spec: { space_id: space, name, connector_type_id: '.slack', secrets: { webhookUrl } } };
}

/** Plans (JSON manifests) through the API; returns the plan body. */
export async function plan(app: Express, manifests: unknown[], options: { set?: string; authorization?: string } = {}) {
  const call = request(app).post(`/api/reconciler/plans?set=${options.set ?? 'default'}`).set('kbn-xsrf', 'true');
  if (options.authorization) call.set('authorization', options.authorization);
  const response = await call.send({ manifests });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { plan_id: string };
}

/** Applies a stored plan through the API; returns the apply record (whatever its status). */
export async function apply(app: Express, planId: string, authorization?: string) {
  const call = request(app).post(`/api/reconciler/plans/${planId}/apply`).set('kbn-xsrf', 'true');
  if (authorization) call.set('authorization', authorization);
  const response = await call;
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { apply_id: string; status: string };
}
