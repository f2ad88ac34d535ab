import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplyRecord } from '../../../src/model/apply.js';
import { DEFAULT_POLICY, type DesiredConnectorInput } from '../../../src/model/desired.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { seededSchedule, type Fault, type FaultSchedule } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';
import { heldByKibana, startReconcilerOverProxy, type ReconcilerOverProxy } from './reconcilerOverProxy.js';

/*
 * A flaky Kibana: one request in five meets a fault of every kind a Kibana (or the proxy in
 * front of it) produces: slow answers, bodies that trickle, 429 with Retry-After, 500, 502, 503,
 * 504, connections reset before or after the write, and answers held past kcr's response
 * timeout. Applies, re-planned while they end partial (a 500 is not retried), must converge to
 * exactly the desired connectors, none twice; each call is tried at most maxAttempts times;
 * every fault an operation met is one line of its `attempts` in the apply record ("retried
 * after", or for a 500 "not retried", the operation then `failed`).
 *
 * Short (npm test): 300 connectors created, then 200 updated and 100 deleted.
 * Long: KCR_FLAKY_KIBANA_LONG=1 (3,000, then 2,000 updated and 1,000 deleted).
 */

const LONG = process.env.KCR_FLAKY_KIBANA_LONG === '1';
const COUNT = LONG ? 3_000 : 300;
// 50 connectors a space in both variants: a 500 ends its space's apply, so rounds grow with space length.
const SPACES = Array.from({ length: COUNT / 50 }, (_, i) => `flaky-${i}`);
const MAX_ATTEMPTS = 8;
// A 500 fails its operation and the rest of its space is skipped until the next round (about one
// 500 per 55 writes, 50 connectors a space): a handful of rounds, each shorter than the last.
const MAX_ROUNDS = 12;
const actor = { name: 'flaky' };

/** Faults kcr sees as failures (each must be in the record); slow answers within the timeout are not. */
const FAILING: ReadonlySet<Fault['kind']> = new Set(['rateLimit', 'unavailable', 'serverError', 'drop', 'loseResponse', 'timeout']);
const WRITE_FAULTS: Fault[] = [
  { kind: 'delay', ms: 40 }, { kind: 'slowBody', ms: 60 },
  { kind: 'rateLimit', retryAfter: '1' }, { kind: 'rateLimit', retryAfter: '0' },
  { kind: 'serverError', status: 500 }, { kind: 'serverError', status: 502 }, { kind: 'unavailable' }, { kind: 'serverError', status: 504 },
  { kind: 'drop' }, { kind: 'loseResponse' }, { kind: 'timeout', holdMs: 1_500 },
];
// Reads only meet faults the client retries (a 500 on a read would end the plan, not test the apply).
const READ_FAULTS = WRITE_FAULTS.filter((fault) => !(fault.kind === 'serverError' && fault.status === 500));

function desired(count: number, version: string): DesiredConnectorInput[] {
  return Array.from({ length: count }, (_, i): DesiredConnectorInput => ({
    spaceId: SPACES[i % SPACES.length], connectorId: `flaky-${i}`, name: `Flaky ${i} ${version}`, connectorTypeId: '.slack',
    config: {}, secrets: new SecretValue({ webhookUrl: `https://hooks.slack.com/services/${i}-${version}-flakysecret` }),
    policy: DEFAULT_POLICY, labels: {}, source: { file: 'flaky.yaml', document: i, name: `flaky-${i}` },
  }));
}

let kibana: RealKcr;
let over: ReconcilerOverProxy;

beforeAll(async () => {
  kibana = await startRealKcr({}, true);
  const writes = seededSchedule(2026_12_04, 0.2, WRITE_FAULTS);
  const reads = seededSchedule(2026_12_05, 0.2, READ_FAULTS);
  const schedule: FaultSchedule = (request) => (request.method === 'GET' ? reads(request) : writes(request));
  over = await startReconcilerOverProxy(kibana, schedule, { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 2 }, { concurrency: 10, actions: { responseTimeout: '1s' } });
}, 60_000);

afterAll(() => over?.close());

const expected = (list: DesiredConnectorInput[]) => list.map((d) => `${d.spaceId}/${d.connectorId}=${d.name}`).sort();

/** Plan + apply until the plan has no changes; returns every apply record. */
async function converge(step: DesiredConnectorInput[]): Promise<ApplyRecord[]> {
  const records: ApplyRecord[] = [];
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    const planned = await over.service.plan({ set: 'flaky', desired: step, actor });
    if (!planned.plan.has_changes) return records;
    if (round === MAX_ROUNDS) break;
    records.push(await over.service.apply(planned.plan.plan_id, { actor }));
  }
  throw new Error(`no convergence after ${MAX_ROUNDS} rounds: ${records.map((r) => `${r.status} ${JSON.stringify(r.summary)}`).join('; ')}`);
}

describe('the kibana target against a Kibana that fails one request in five', () => {
  it(`converges to exactly ${COUNT} connectors, then to their update and partial delete, with every fault in the apply record`, async () => {
    const records: ApplyRecord[] = [];
    for (const step of [desired(COUNT, 'v1'), desired((COUNT * 2) / 3, 'v2')]) {
      records.push(...(await converge(step)));
      const held = await heldByKibana(kibana, SPACES);
      expect(held).toEqual(expected(step));
      expect(new Set(held.map((line) => line.split('=')[1])).size, 'no connector twice under another id').toBe(held.length);
    }

    const operations = records.flatMap((record) => record.operations);
    const lines = operations.flatMap((op) => op.attempts ?? []).filter((line) => /^attempt \d+: /.test(line));
    // Faults met inside an operation: its writes, and the reads of one connector it makes to settle an
    // unknown outcome (a lost answer); list reads belong to plans, which have no record.
    const writeFaults = over.proxy.injected.filter((fault) => FAILING.has(fault.kind) && (fault.method !== 'GET' || !fault.path.endsWith('/connectors')));
    // A 500 is an answer, not a transient fault: not retried, it fails the operation, and its record says so.
    const final = writeFaults.filter((fault) => fault.kind === 'serverError' && fault.status === 500).length;
    // Every kind was injected into writes, and every failure kcr met on a write is one line of some operation's record.
    expect(new Set(over.proxy.injected.filter((fault) => fault.method !== 'GET').map((fault) => fault.kind))).toEqual(new Set(['delay', 'slowBody', 'rateLimit', 'serverError', 'unavailable', 'drop', 'loseResponse', 'timeout']));
    const tally = (labels: string[]) => labels.reduce<Record<string, number>>((t, l) => ({ ...t, [l]: (t[l] ?? 0) + 1 }), {});
    expect(lines, JSON.stringify({ faults: tally(writeFaults.map((f) => `${f.kind} ${f.status ?? ''} ${f.method}`)), lines: tally(lines.map((l) => l.replace(/^attempt \d+: /, '').replace(/after \d+ms/, ''))) })).toHaveLength(writeFaults.length);
    // Bounded: no call was tried more than MAX_ATTEMPTS times (an operation may make a few calls:
    // a write, and a read to settle a lost answer), none gave up; the 500s are the failed operations.
    const attemptNumbers = lines.map((line) => Number(/^attempt (\d+): /.exec(line)![1]));
    expect(Math.max(0, ...attemptNumbers)).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(lines.filter((line) => line.includes('giving up'))).toEqual([]);
    const failed = operations.filter((op) => op.outcome === 'failed');
    expect(failed).toHaveLength(final);
    for (const op of failed) expect(op.attempts?.at(-1), JSON.stringify(op)).toMatch(/^attempt \d+: 500 Internal Server Error, not retried$/);
    expect(JSON.stringify(records)).not.toContain('flakysecret');
    process.stdout.write(`flaky Kibana: ${over.proxy.injected.length} faults injected (${writeFaults.length - final} retried in operations, ${final} answered 500), ${records.length} applies, ${operations.length} operations, at most ${Math.max(0, ...attemptNumbers)} attempts for one call\n`);
  }, LONG ? 1_800_000 : 240_000);
});
