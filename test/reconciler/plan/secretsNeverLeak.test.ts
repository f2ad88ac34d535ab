import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActualConnector } from '../../../src/model/connector.js';
import type { DesiredConnector } from '../../../src/model/desired.js';
import type { InventoryEntry } from '../../../src/model/inventory.js';
import type { JsonObject } from '../../../src/model/json.js';
import { computePlan, renderPlanText, summarizePlan } from '../../../src/reconciler/plan/index.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { actual, desired, entry, planInput } from './fixtures.js';

/** Each connector's situation: what the target and the inventory hold besides the manifest. */
const situations = ['create', 'missing', 'update', 'no-op', 'replace', 'adopt', 'delete', 'orphan', 'other-set', 'preconfigured'] as const;
type Situation = (typeof situations)[number];

function build(id: string, situation: Situation, secrets: JsonObject): { d: DesiredConnector[]; a: ActualConnector[]; e: InventoryEntry[] } {
  const d = desired(id, { secrets: new SecretValue(secrets), name: situation === 'update' ? 'Changed' : `Connector ${id}` });
  switch (situation) {
    case 'create': return { d: [d], a: [], e: [] };
    case 'missing': return { d: [d], a: [], e: [entry(id)] };
    case 'update': case 'no-op': return { d: [d], a: [actual(id)], e: [entry(id)] };
    case 'replace': return { d: [{ ...d, connectorTypeId: '.slack' }], a: [actual(id)], e: [entry(id)] };
    case 'adopt': return { d: [d], a: [actual(id)], e: [] };
    case 'delete': return { d: [], a: [actual(id)], e: [entry(id)] };
    case 'orphan': return { d: [], a: [actual(id)], e: [entry(id, {}, { policy: { protect: false, deletionPolicy: 'Orphan', ignoreChanges: [] } })] };
    case 'other-set': return { d: [d], a: [actual(id)], e: [entry(id, { set: 'other' })] };
    case 'preconfigured': return { d: [d], a: [actual(id, { isPreconfigured: true })], e: [] };
  }
}

const canary = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `CANARY${s}`);
const secretsArb = fc.dictionary(fc.constantFrom('token', 'password', 'webhookUrl', 'apiKey'), canary, { minKeys: 1 });

describe('secrets never leak into a plan', () => {
  it('no canary planted in a SecretValue appears in the plan JSON, the operations, the text or the summary', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...situations), secretsArb), { minLength: 1, maxLength: 8 }), fc.boolean(), (connectors, allowEmpty) => {
        const parts = connectors.map(([situation, secrets], i) => ({ canaries: Object.values(secrets) as string[], ...build(`c${i}`, situation, secrets) }));
        const outcome = computePlan(planInput({
          desired: parts.flatMap((p) => p.d),
          actual: parts.flatMap((p) => p.a),
          inventory: parts.flatMap((p) => p.e),
          options: { allowEmpty, maxDeletes: 1 },
        }));
        const published = [
          JSON.stringify(outcome.plan),
          JSON.stringify(outcome.operations),
          JSON.stringify(outcome.secretsForOperations),
          renderPlanText(outcome.plan, { color: false }),
          renderPlanText(outcome.plan, { color: true }),
          summarizePlan(outcome.plan),
        ].join('\n');
        for (const value of parts.flatMap((p) => p.canaries)) expect(published).not.toContain(value);
        // The secrets still travel, wrapped, to the operations that send them.
        for (const op of outcome.operations) {
          if (op.secretsIndex !== null) expect(JSON.stringify(outcome.secretsForOperations[op.secretsIndex].reveal())).toContain('CANARY');
        }
      }),
      { numRuns: 200 },
    );
  });
});
