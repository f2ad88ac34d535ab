import { describe, expect, it } from 'vitest';
import { computePlan, renderPlanMarkdown } from '../../../src/reconciler/plan/index.js';
import { actual, converged, desired, entry, planInput } from './fixtures.js';

/** One plan with every kind of change, in two spaces, and a config value under a sensitive-looking key. */
function mixedPlan() {
  return computePlan(planInput({
    desired: [
      desired('0f7c', { spaceId: 'ops', connectorTypeId: '.slack', config: {}, source: { file: 'ops/slack.yaml', document: 0, name: 'ops-slack' } }),
      desired('upd', { name: 'Renamed', config: { url: 'https://x', headers: { Authorization: 'Bearer tok-CANARY-1' } }, secretsFingerprint: 'fp-2' }),
      desired('rep', { connectorTypeId: '.gen-ai', config: { apiUrl: 'https://ai```evil' } }),
    ],
    actual: [actual('upd'), actual('rep'), actual('del')],
    inventory: [entry('upd'), entry('rep'), entry('del')],
    scopeSpaces: ['default', 'ops'],
  })).plan;
}

describe('renderPlanMarkdown', () => {
  const markdown = renderPlanMarkdown(mixedPlan());
  const lines = markdown.split('\n');

  it('starts with one summary line a notification can show', () => {
    expect(lines[0]).toBe('**kcr plan for set `default`: 2 to add, 1 to change, 2 to destroy.**');
  });

  it('puts each space in its own collapsible section with its own counts', () => {
    expect(markdown).toContain('<details><summary>Space <code>default</code>: 0 to add, 1 to change, 1 to destroy, 1 to replace</summary>');
    expect(markdown).toContain('<details><summary>Space <code>ops</code>: 1 to add, 0 to change, 0 to destroy</summary>');
    expect(markdown.match(/<details>/g)).toHaveLength(2);
    expect(markdown.match(/<\/details>/g)).toHaveLength(2);
  });

  it('writes the changes as a diff block with the symbol in the first column', () => {
    expect(lines).toContain('+   connector {');
    expect(lines).toContain('-   connector {');
    expect(lines).toContain('!   connector {');
    expect(markdown).toMatch(/^! {7}name\s+= "Connector upd" -> "Renamed"$/m);
  });

  it('redacts secrets and config values under sensitive-looking keys', () => {
    expect(markdown).not.toContain('tok-CANARY-1');
    expect(markdown).toMatch(/config\.headers\.Authorization\s+= "\(sensitive value\)"/);
    expect(markdown).toMatch(/secrets\s+= \(sensitive value\)/);
  });

  it('cannot be broken out of: the fence is longer than any backtick run inside', () => {
    expect(markdown).toContain('````diff');
    expect(markdown).toContain('https://ai```evil');
  });

  it('says "no changes" for a converged set, and lists errors first for a refused plan', () => {
    expect(renderPlanMarkdown(computePlan(planInput(converged('same'))).plan).split('\n')[0]).toBe('**kcr plan for set `default`: no changes.** The connectors match the manifests.');
    const refused = computePlan(planInput({ desired: [], actual: [actual('a')], inventory: [entry('a')], scopeSpaces: ['default'] })).plan;
    const text = renderPlanMarkdown(refused);
    expect(text.split('\n')[0]).toMatch(/^\*\*kcr plan for set `default`: 1 error\(s\), cannot be applied\.\*\*/);
    expect(text).toContain('- `EMPTY_DESIRED_STATE` the desired state of set "default"');
  });
});
