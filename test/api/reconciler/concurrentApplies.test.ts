import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createReconcilerTestApp, postJsonPlan, webhookDoc, type ReconcilerTestApp } from './reconcilerTestApp.js';

describe('two concurrent applies on one space over real HTTP', () => {
  let t: ReconcilerTestApp;
  let server: Server;
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.cleanup();
  });

  it('exactly one succeeds, the other gets 409, and the store shows exactly one set of changes', async () => {
    t = await createReconcilerTestApp({ lockWaitMs: 2_000 });
    // Two plans of two sets for the same space, both made at serial 0.
    const planA = await postJsonPlan(t.app, [webhookDoc('hook-a', 'https://example.com/a'), webhookDoc('hook-a2', 'https://example.com/a2')], 'set=team-a');
    const planB = await postJsonPlan(t.app, [webhookDoc('hook-b', 'https://example.com/b')], 'set=team-b');
    expect([planA.status, planB.status]).toEqual([201, 201]);

    server = t.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const apply = async (planId: string) => {
      const response = await httpRequest(`${base}/api/reconciler/plans/${planId}/apply`, { method: 'POST', headers: { 'kbn-xsrf': 'true' } });
      return { status: response.statusCode, body: (await response.body.json()) as { code?: string; status?: string; set?: string } };
    };
    const results = await Promise.all([apply(planA.body.plan_id), apply(planB.body.plan_id)]);

    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].status).toBe(409);
    expect(['PLAN_STALE', 'LOCKED']).toContain(losers[0].body.code);
    expect(winners[0].body.status).toBe('succeeded');

    const winningSet = winners[0].body.set!;
    const expectedCount = winningSet === 'team-a' ? 2 : 1;
    const inventory = await t.store.listInventory();
    expect(new Set(inventory.map((entry) => entry.set))).toEqual(new Set([winningSet]));
    expect(inventory).toHaveLength(expectedCount);
    expect(await t.store.embeddedConnectors.count()).toBe(expectedCount);
    expect(await t.store.getSerials(['default'])).toEqual({ default: expectedCount });
    const applies = await t.store.listApplies();
    expect(applies.items.map((a) => a.set)).toEqual([winningSet]);
  });
});
