import { describe, expect, it } from 'vitest';
import { computePlan, renderPlanText, summarizePlan } from '../../../src/reconciler/plan/index.js';
import { actual, converged, desired, entry, planInput } from './fixtures.js';

/** One plan with every kind of change, as a reviewer would meet it. */
function mixedPlan() {
  return computePlan(planInput({
    desired: [
      desired('0f7c', { spaceId: 'ops', connectorTypeId: '.slack', config: {}, source: { file: 'ops/slack.yaml', document: 0, name: 'ops-slack' } }),
      desired('upd', { name: 'Renamed', config: { url: 'https://x', headers: { a: '1' } }, secretsFingerprint: 'fp-2' }),
      desired('rep', { connectorTypeId: '.gen-ai', config: { apiUrl: 'https://ai' } }),
      desired('mis'),
    ],
    actual: [actual('upd'), actual('rep'), actual('del', { referencedByCount: 2 }), actual('orph')],
    inventory: [entry('upd'), entry('rep'), entry('del'), entry('mis'), entry('orph', {}, { policy: { protect: false, deletionPolicy: 'Orphan', ignoreChanges: [] } })],
    scopeSpaces: ['default', 'ops'],
  })).plan;
}

describe('renderPlanText', () => {
  const text = renderPlanText(mixedPlan(), { color: false });
  const lines = text.split('\n');

  it('heads each change Terraform-style with address and manifest name', () => {
    expect(lines).toContain('  # ops/0f7c (ops-slack) will be created');
    expect(lines).toContain('  # default/upd (m-upd) will be updated in place');
    expect(lines).toContain('  # default/rep (m-rep) must be replaced');
    expect(lines).toContain('  # default/del (Connector del) will be destroyed');
    expect(lines).toContain('  # default/orph (Connector orph) will no longer be managed by kcr (forgotten, not destroyed)');
  });

  it('uses +, ~, - and -/+ for the action blocks', () => {
    expect(lines).toContain('  + connector {');
    expect(lines).toContain('  ~ connector {');
    expect(lines).toContain('  - connector {');
    expect(lines).toContain('-/+ connector {');
  });

  it('shows field-level changes of name and config, and why a replace is forced', () => {
    expect(text).toMatch(/~ name\s+= "Connector upd" -> "Renamed"/);
    expect(text).toMatch(/~ config\.url\s+= "https:\/\/hooks\.example\.com\/upd" -> "https:\/\/x"/);
    expect(text).toMatch(/\+ config\.headers\.a\s+= "1"/);
    expect(text).toMatch(/~ connector_type_id\s+= "\.webhook" -> "\.gen-ai" # forces replacement/);
  });

  it('never shows a secret: only "(sensitive value)" and whether it changes', () => {
    expect(text).toMatch(/~ secrets\s+= \(sensitive value\) # secrets will change/);
    expect(text).toMatch(/\+ secrets\s+= \(sensitive value\)/);
    expect(text).not.toContain('token-');
  });

  it('notes drift, warnings, and closes with Terraform\'s sentence plus a forget line', () => {
    expect(text).toContain('Note: Connectors have changed outside kcr since the last apply');
    expect(text).toContain('  # default/mis (m-mis) was deleted outside kcr; it will be created again');
    expect(text).toContain('Warning: connector default/del (Connector del) is used by 2 rule(s)');
    expect(lines).toContain('Plan: 3 to add, 1 to change, 2 to destroy.');
    expect(lines).toContain('Forget: 1 connector(s) will no longer be managed by set "default" (not destroyed).');
  });

  it('has no ANSI escapes without colour, and colours symbols with it', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderPlanText(mixedPlan(), { color: true });
    expect(coloured).toContain('\u001b[32m+\u001b[0m connector {');
    expect(coloured).toContain('\u001b[31m-/+\u001b[0m connector {');
  });

  it('says there is nothing to do when the set is converged, without a forget line', () => {
    const converged1 = renderPlanText(computePlan(planInput(converged('a'))).plan, { color: false });
    expect(converged1.trimEnd().split('\n').at(-1)).toBe('No changes. Your connectors match the configuration.');
    expect(converged1).not.toContain('Plan:');
    expect(converged1).not.toContain('Forget:');
  });

  it('shows adopts, also those that change nothing on the connector', () => {
    const plan = computePlan(planInput({ desired: [desired('a'), desired('b', { name: 'New' })], actual: [actual('a', { secretsFingerprint: 'fp-a' }), actual('b', { secretsFingerprint: 'fp-b' })] })).plan;
    const rendered = renderPlanText(plan, { color: false }).split('\n');
    expect(rendered).toContain('  # default/a (m-a) will be adopted as it is (no change to the connector)');
    expect(rendered).toContain('  # default/b (m-b) will be updated in place');
    expect(rendered).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    expect(rendered).toContain('Adopt: 2 existing connector(s) will be owned by set "default".');
  });

  it('lists errors and says the plan cannot be applied', () => {
    const plan = computePlan(planInput({ desired: [desired('a')], actual: [actual('a')], inventory: [entry('a', { set: 'team-b' })] })).plan;
    const rendered = renderPlanText(plan, { color: false });
    expect(rendered).toMatch(/^Error: OWNED_BY_OTHER_SET: connector default\/a .*"team-b"/m);
    expect(rendered).toContain('This plan has 1 error(s) and cannot be applied.');
  });
});

describe('summarizePlan', () => {
  it('puts counts, drift and verdict on one line', () => {
    const line = summarizePlan(mixedPlan());
    expect(line).not.toContain('\n');
    expect(line).toBe('plan pln_test set=default target=embedded spaces=default,ops: 2 to create, 1 to update, 1 to replace, 1 to delete, 1 to forget, 0 unchanged; 1 drifted; 1 warning(s); applyable');
  });

  it('names the error codes of a rejected plan', () => {
    const plan = computePlan(planInput({ actual: [actual('a')], inventory: [entry('a')], options: { allowEmpty: false, maxDeletes: 0 } })).plan;
    expect(summarizePlan(plan)).toMatch(/; not applyable: 2 error\(s\) \(EMPTY_DESIRED_STATE, TOO_MANY_DELETES\)$/);
  });
});
