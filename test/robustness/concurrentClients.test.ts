import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { serveIn, workingDir, type ServedKcr } from './servedKcr.js';

/*
 * 16 clients against one `kcr serve` over real HTTP, in rounds: all plan the same space at the
 * same serial and then apply at once (exactly one wins each round, the others get 409 and
 * applied nothing, and the next round sees the winner's state: no lost update); and each applies
 * to its own space (every apply succeeds at once, with lockWaitMs 0 so any wait for another's
 * lock would be a LOCKED failure). Judged by records, not clocks: plans' base serials, apply
 * records, the lock table, and the order of apply.start/apply.finish in the event log (one
 * holder at a time in the shared space and in each own space).
 *
 * Short (npm test): 10 rounds each. Long: KCR_CONCURRENCY_LONG=1 (100 rounds each).
 */

const CLIENTS = 16;
const ROUNDS = process.env.KCR_CONCURRENCY_LONG === '1' ? 100 : 10;
const SHARED_SPACE = 'contested';
/** Connectors of the shared space: more than one yield of an apply (every 8 operations), so some losers meet the lock. */
const SHARED_HOOKS = 20;

let kcr: ServedKcr;
beforeAll(async () => {
  // No principals: loopback only, anonymous. lockWaitMs 0: waiting for a held lock is an immediate LOCKED.
  kcr = await serveIn(workingDir('server: {writeRateLimit: {burst: 1000000, perSecond: 1000000}}\nlockWaitMs: 0\n', 'kcr-concurrency-'));
}, 60_000);
afterAll(async () => {
  await kcr?.stop();
  kcr?.cleanup();
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await request(`${kcr.url}${path}`, { method, headers: { 'kbn-xsrf': 'c', 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, any> };
}

const hooks = (space: string, label: string, count: number) => Array.from({ length: count }, (_, i) => ({
  apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: `hook-${i}` },
  spec: { space_id: space, name: `${label} #${i}`, connector_type_id: '.webhook', config: { url: `https://example.com/${space}/${i}`, method: 'post', hasAuth: false } },
}));

async function plan(set: string, manifests: unknown[]): Promise<Record<string, any>> {
  const planned = await call('POST', `/api/reconciler/plans?set=${set}`, { manifests });
  expect(planned.status, JSON.stringify(planned.body)).toBe(201);
  return planned.body;
}

/** Every apply.start / apply.finish event of `sets`, oldest first (by event id, the log's own order). */
async function applyEvents(sets: (set: string) => boolean): Promise<Array<{ id: number; action: string; set: string }>> {
  const events: Array<{ id: number; action: string; set: string }> = [];
  for (const action of ['apply.start', 'apply.finish']) {
    for (let offset = 0; ; offset += 1000) {
      const page = await call('GET', `/api/reconciler/events?action=${action}&limit=1000&offset=${offset}`);
      events.push(...(page.body.items as Array<{ id: number; action: string; set: string }>).filter((event) => sets(event.set)));
      if (offset + 1000 >= page.body.total) break;
    }
  }
  return events.sort((a, b) => a.id - b.id);
}

describe(`${CLIENTS} clients, ${ROUNDS} rounds, over HTTP`, () => {
  it('conflicting applies on one space: one winner per serial, the others refused and without effect, no lost update', async () => {
    let serial = 0;
    const refusals: Record<string, number> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      // Every client plans at the same serial (all plans exist before any apply starts)...
      const plans = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => plan('shared', hooks(SHARED_SPACE, `round ${round} client ${c}`, SHARED_HOOKS))));
      for (const p of plans) expect(p.base_serials[SHARED_SPACE] ?? 0).toBe(serial);
      // ...then all apply at once.
      const applied = await Promise.all(plans.map((p) => call('POST', `/api/reconciler/plans/${p.plan_id}/apply`)));
      const winners = applied.filter((a) => a.status === 200);
      expect(winners, `round ${round}`).toHaveLength(1);
      expect(winners[0].body.status).toBe('succeeded');
      for (const loser of applied.filter((a) => a.status !== 200)) {
        expect(loser.status).toBe(409);
        expect(['PLAN_STALE', 'LOCKED']).toContain(loser.body.code);
        refusals[loser.body.code] = (refusals[loser.body.code] ?? 0) + 1;
      }
      const winner = applied.indexOf(winners[0]);
      // The next plan sees exactly the winner's connectors: no loser's write landed, nothing of the winner's was lost.
      const next = await plan('shared', hooks(SHARED_SPACE, `round ${round} client ${winner}`, SHARED_HOOKS));
      expect(next.has_changes, `round ${round}: the store holds the winner's state`).toBe(false);
      expect(next.base_serials[SHARED_SPACE]).toBe(serial + SHARED_HOOKS);
      serial += SHARED_HOOKS;
    }
    // One apply record per round, and the lock had one holder at a time: starts and finishes alternate in the log.
    const records = await call('GET', '/api/reconciler/applies?set=shared&limit=1000');
    expect(records.body.total).toBe(ROUNDS);
    const events = await applyEvents((set) => set === 'shared');
    expect(events.map((event) => event.action)).toEqual(Array.from({ length: ROUNDS }, () => ['apply.start', 'apply.finish']).flat());
    process.stdout.write(`concurrency: ${ROUNDS} rounds of ${CLIENTS} conflicting applies, ${ROUNDS} winners, refused: ${JSON.stringify(refusals)}\n`);
  }, 600_000);

  it('independent applies on 16 spaces: all succeed at once, each round sees the last, and spaces are held at the same time', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
        const space = `own-${c}`;
        const p = await plan(`own-${c}`, hooks(space, `round ${round}`, 10));
        // No lost update: each round's plan starts where the previous round's apply left the space.
        expect(p.base_serials[space] ?? 0).toBe((round - 1) * 10);
        const applied = await call('POST', `/api/reconciler/plans/${p.plan_id}/apply`);
        expect(applied.status, JSON.stringify(applied.body)).toBe(200);
        expect(applied.body.status).toBe('succeeded');
      }));
    }
    // No space is left locked; the log shows no two applies of one space at once, and applies that
    // started (holding their space's lock) while another space's apply was still running.
    expect((await call('GET', '/api/reconciler/locks')).body.total).toBe(0);
    const events = await applyEvents((set) => set.startsWith('own-'));
    expect(events).toHaveLength(2 * CLIENTS * ROUNDS);
    const running = new Set<string>();
    let overlapping = 0;
    for (const event of events) {
      if (event.action === 'apply.finish') {
        running.delete(event.set);
        continue;
      }
      expect(running.has(event.set), `two applies of ${event.set} at once`).toBe(false);
      if (running.size > 0) overlapping++;
      running.add(event.set);
    }
    process.stdout.write(`concurrency: ${CLIENTS * ROUNDS} independent applies, none waited for a lock (lockWaitMs 0); ${overlapping} started while another space's apply was running\n`);
    expect(overlapping).toBeGreaterThan(0);
  }, 600_000);
});
