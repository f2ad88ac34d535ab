import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteBackend } from '../../../src/cli/remoteBackend.js';
import type { CliIo } from '../../../src/cli/io.js';
import { KcrError } from '../../../src/errors.js';
import type { DesiredConnectorInput } from '../../../src/model/desired.js';
import { loadManifestText } from '../../../src/reconciler/manifests/index.js';
import { createReconcilerTestApp, webhookDoc, type ReconcilerTestApp } from '../../api/reconciler/reconcilerTestApp.js';
import { kcrRejection } from '../../helpers/kcrRejection.js';

const io: CliIo = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, cwd: process.cwd() };

async function desired(t: ReconcilerTestApp, docs: unknown[]): Promise<DesiredConnectorInput[]> {
  const result = await loadManifestText(JSON.stringify(docs), { label: 'manifests/hooks.yaml', contentType: 'json', registry: t.registry, settings: t.config.actions, env: {} });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.connectors;
}

describe('RemoteBackend against an in-process kcr over real HTTP', () => {
  let t: ReconcilerTestApp;
  let server: Server;
  let backend: RemoteBackend;

  beforeAll(async () => {
    t = await createReconcilerTestApp();
    server = t.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    backend = new RemoteBackend(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, io);
  });
  afterAll(async () => {
    await backend.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.cleanup();
  });

  it('plans, applies and reads back what the local service would return', async () => {
    const plan = await backend.plan({ set: 'team', desired: await desired(t, [webhookDoc('hook-a', 'https://example.com/a')]), spaces: [], allowEmpty: false });
    expect(plan).toMatchObject({ set: 'team', applyable: true, summary: { create: 1 } });
    expect(plan.resource_changes[0].manifest).toEqual({ file: 'manifests/hooks.yaml', document: 0, name: 'hook-a' });
    expect(await backend.getPlan(plan.plan_id)).toEqual((await t.service.requirePlan(plan.plan_id)).plan);
    const record = await backend.apply(plan.plan_id);
    expect(record.status).toBe('succeeded');
    expect(await backend.getApply(record.apply_id)).toEqual(await t.service.requireApply(record.apply_id));
    expect((await backend.listPlans(5)).map((p) => p.plan_id)).toEqual([plan.plan_id]);
    expect(await backend.listApplies(0)).toEqual([]);
    expect((await backend.drift('team', [])).has_changes).toBe(false);
  });

  it('returns a plan refused by a safety rule (stored for review), as the local backend does', async () => {
    const plan = await backend.plan({ set: 'team', desired: [], spaces: [], allowEmpty: false });
    expect(plan.applyable).toBe(false);
    expect(plan.errors.length).toBeGreaterThan(0);
    expect((await t.service.requirePlan(plan.plan_id)).plan).toEqual(plan);
  });

  it('turns error responses back into the same KcrError (code, status, message, attributes)', async () => {
    const local = await kcrRejection(t.service.requirePlan('pln_missing'));
    const remote = await kcrRejection(backend.getPlan('pln_missing'));
    expect({ code: remote.code, status: remote.status, message: remote.message }).toEqual({ code: local.code, status: local.status, message: local.message });
    const badSet = await kcrRejection(backend.drift('Not A Set', []));
    expect(badSet.code).toBe('BAD_REQUEST');
    expect(badSet.errors).toEqual([{ path: 'set', message: expect.stringContaining('at most 63') }]);
  });

  it('says which server it could not reach', async () => {
    const nowhere = new RemoteBackend('http://127.0.0.1:9', io);
    const error = await kcrRejection(nowhere.listPlans(1));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/^cannot reach kcr at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
    await nowhere.close();
  });
});
