import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDays, type DayActivity } from '../../../src/api/ui/activityData.js';
import { fieldDiffs, SENSITIVE } from '../../../src/api/ui/fieldDiffs.js';
import { APPLY_SERIES, barChart } from '../../../src/api/ui/pages/activityChart.js';
import type { ConnectorView, ResourceChange } from '../../../src/model/plan.js';
import { REPO_ROOT } from '../../cli/cliHarness.js';

const view = (config: ConnectorView['config'], secrets: ConnectorView['secrets'] = null, name = 'Hook'): ConnectorView =>
  ({ connector_id: 'c1', space_id: 'a', name, connector_type_id: '.webhook', config, secrets });
const change = (before: ConnectorView | null, after: ConnectorView | null, secretsChanged = false): ResourceChange => ({
  address: 'a/c1', space_id: 'a', connector_id: 'c1', manifest: null, connector_type_id: '.webhook', name: 'Hook',
  change: { actions: ['update'], before, after, before_sensitive: false, after_sensitive: false, replace_paths: [] },
  diff: '', secrets_changed: secretsChanged, drift: false,
});

describe('field diffs of a plan change (old | new)', () => {
  it('lists only the fields that differ, config flattened to dotted paths, name and type first', () => {
    const before = view({ url: 'https://a', headers: { 'X-Team': 'ops', Keep: '1' }, retries: [1, 2] });
    const after = view({ url: 'https://b', headers: { 'X-Team': 'sre', Keep: '1' }, retries: [1, 2], method: 'put' }, null, 'Hook 2');
    expect(fieldDiffs(change(before, after))).toEqual([
      { field: 'name', before: '"Hook"', after: '"Hook 2"', sensitive: false },
      { field: 'config.headers.X-Team', before: '"ops"', after: '"sre"', sensitive: false },
      { field: 'config.method', before: undefined, after: '"put"', sensitive: false },
      { field: 'config.url', before: '"https://a"', after: '"https://b"', sensitive: false },
    ]);
  });

  it('says a secret changed without any value, and shows a create with every field new', () => {
    const diffs = fieldDiffs(change(view({ url: 'x' }, '(sensitive)'), view({ url: 'x' }, '(sensitive)'), true));
    expect(diffs).toEqual([{ field: 'secrets', before: SENSITIVE, after: `${SENSITIVE}, changed`, sensitive: true }]);
    const created = fieldDiffs(change(null, view({ url: 'x' }, '(sensitive)'), true));
    expect(created.map((d) => [d.field, d.before, d.after])).toEqual([
      ['name', undefined, '"Hook"'], ['connector_type_id', undefined, '".webhook"'], ['config.url', undefined, '"x"'], ['secrets', undefined, SENSITIVE],
    ]);
  });
});

describe('the overview chart', () => {
  it('covers the 30 UTC days ending today, oldest first, across a month end', () => {
    const days = chartDays(new Date('2026-03-01T23:59:59.000Z'));
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-01-31');
    expect(days.at(-1)).toBe('2026-03-01');
  });

  it('draws one bar per day with its counts in data attributes, its title and the total above it', () => {
    const days: DayActivity[] = chartDays(new Date('2026-03-01T12:00:00.000Z')).map((day) => ({ day, succeeded: 0, failed: 0, drift: 0 }));
    days[29] = { ...days[29]!, succeeded: 3, failed: 2 };
    const svg = barChart('c', 'Applies per day', days, APPLY_SERIES).toString();
    expect(svg.match(/<g class="bar"/g)).toHaveLength(30);
    expect(svg).toContain('<g class="bar" data-day="2026-03-01" data-succeeded="3" data-failed="2" ><title>2026-03-01: 3 applies succeeded, 2 applies failed or partial</title>');
    expect(svg).toMatch(/text-anchor="middle" font-size="11">5<\/text>/);
    // Failed bars are hatched, so they read apart from succeeded ones without colour.
    expect(svg).toContain('class="segment failed"');
    expect(svg).toContain('fill="url(#c-hatched)"');
    expect(svg).toContain('<td>2026-03-01</td><td class="num">3</td><td class="num">2</td>');
    expect(svg).not.toMatch(/<script|style=/);
  });
});

describe('module layering', () => {
  it('the OpenAPI operation table does not import the web page (it owns the shapes the page uses)', () => {
    const source = readFileSync(join(REPO_ROOT, 'src/api/openapi/operations.ts'), 'utf8');
    expect(source).not.toMatch(/from '\.\.\/ui\//);
    expect(readFileSync(join(REPO_ROOT, 'src/api/ui/uiOperations.ts'), 'utf8')).toContain("from '../openapi/operations.js'");
  });
});
