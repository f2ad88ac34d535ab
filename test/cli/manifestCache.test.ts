import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { Workspace, indexManifest, slackManifest } from './cliHarness.js';

const ENV = { SLACK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' };

/** A plan without what differs between any two plans (id, time). */
function comparable(stdout: string): Partial<Plan> {
  const { plan_id: _id, created_at: _at, ...rest } = JSON.parse(stdout) as Plan;
  return rest;
}

describe('kcr CLI: the parsed manifest cache of local runs (real binary)', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = new Workspace();
    ws.write('m/slack.yaml', slackManifest('ops-slack', { space: 'ops' }));
    ws.write('m/index.yaml', indexManifest('alerts-index', 'alerts-history'));
  });
  afterEach(() => ws.cleanup());

  const cacheRows = () => {
    const db = new Database(join(ws.dir, '.kcr', 'kcr.db'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM manifest_cache').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('plans the same from cached files as from parsed ones, and resolves secret references afresh every run', async () => {
    expect((await ws.run(['apply', 'm', '--auto-approve'], ENV)).code).toBe(0);
    expect(cacheRows()).toBe(2);

    const cached = await ws.run(['plan', 'm', '--json', '--detailed-exitcode'], ENV);
    const parsed = await ws.run(['plan', 'm', '--json', '--detailed-exitcode'], { ...ENV, KCR_MANIFEST_CACHE: 'false' });
    expect(cached.code, cached.stderr).toBe(0);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(comparable(cached.stdout)).toEqual(comparable(parsed.stdout));

    // The cache holds the reference, never its value: a new value in the environment is a change.
    const rotated = await ws.run(['plan', 'm', '--json', '--detailed-exitcode'], { SLACK_URL: 'https://hooks.slack.com/services/T000/B000/YYYY' });
    expect(rotated.code, rotated.stderr).toBe(2);
    const change = (JSON.parse(rotated.stdout) as Plan).resource_changes.find((c) => c.connector_type_id === '.slack');
    expect(change?.secrets_changed).toBe(true);
  });

  it('writes nothing to the cache for invalid manifests, even when the store exists', async () => {
    expect((await ws.run(['plan', 'm'], ENV)).code).toBe(0);
    expect(cacheRows()).toBe(2);
    ws.write('m/broken.yaml', indexManifest('broken-index', 'x').replace('kind: Connector', 'kind: Connecter'));
    const refused = await ws.run(['plan', 'm'], ENV);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/m\/broken\.yaml\[doc 0\] \/kind/);
    expect(cacheRows()).toBe(2);
  });

  it('keeps nothing when turned off (KCR_MANIFEST_CACHE=false)', async () => {
    expect((await ws.run(['plan', 'm'], { ...ENV, KCR_MANIFEST_CACHE: 'false' })).code).toBe(0);
    expect(cacheRows()).toBe(0);
  });
});
