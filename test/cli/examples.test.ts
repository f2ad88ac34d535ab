import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, Workspace } from './cliHarness.js';

const EXAMPLES = join(REPO_ROOT, 'manifests/examples');
const demoEnv = parseEnv(readFileSync(join(EXAMPLES, 'demo.env'), 'utf8')) as Record<string, string>;

describe('manifests/examples (what npm start applies)', () => {
  const ws = new Workspace();
  afterAll(() => ws.cleanup());

  it('validate with the demo environment', async () => {
    const result = await ws.run(['validate', EXAMPLES], demoEnv);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('apply on the embedded store, print the plan summary, and converge', async () => {
    cpSync(EXAMPLES, join(ws.dir, 'examples'), { recursive: true });
    const applied = await ws.run(['apply', 'examples', '--auto-approve'], demoEnv);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(applied.stdout).toMatch(/Apply complete!/);
    const again = await ws.run(['plan', 'examples', '--detailed-exitcode'], demoEnv);
    expect(again.code).toBe(0);
  });

  it('covers every connector type that can be created', async () => {
    const types = JSON.parse((await ws.run(['types', '--json'])).stdout) as Array<{ id: string; isSystemActionType: boolean }>;
    const planned = JSON.parse((await ws.run(['plan', EXAMPLES, '--json', '--data-dir', join(ws.dir, 'fresh')], demoEnv)).stdout);
    const covered = new Set(planned.resource_changes.map((rc: { connector_type_id: string }) => rc.connector_type_id));
    const creatable = types.filter((t) => !t.isSystemActionType).map((t) => t.id);
    expect(creatable.length).toBeGreaterThanOrEqual(30);
    expect(creatable.filter((id) => !covered.has(id))).toEqual([]);
  });
});
