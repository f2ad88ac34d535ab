import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeWithOutsideTool } from '../helpers/outsideTool.js';
import { deleteIndices, elasticsearchTool, sharedClusterUrl, uniquePrefix } from '../store/elasticsearch/esHarness.js';
import { Workspace, indexManifest, slackManifest } from './cliHarness.js';

const KEY = '5a'.repeat(32);
const SECRETS = { SLACK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' };

describeWithOutsideTool(elasticsearchTool(), 'kcr CLI on the elasticsearch store (real binary, real cluster)', () => {
  let url: string;
  let prefix: string;
  // Two working folders with their own data directories: two machines sharing one cluster.
  let first: Workspace;
  let second: Workspace;

  beforeAll(async () => {
    url = await sharedClusterUrl();
  }, 600_000);
  beforeEach(() => {
    prefix = uniquePrefix();
    first = new Workspace();
    second = new Workspace();
    for (const ws of [first, second]) ws.write('kcr.yaml', `store: {type: elasticsearch, nodes: [${url}], indexPrefix: ${prefix}}\n`);
  });
  afterEach(async () => {
    first.cleanup();
    second.cleanup();
    await deleteIndices(url, prefix);
  });

  it('plans on one machine, applies that plan on another, and both then see no changes', async () => {
    first.write('m/slack.yaml', slackManifest('ops-slack', { space: 'ops' }));
    first.write('m/index.yaml', indexManifest('alerts-index', 'alerts-history'));
    const plan = await first.run(['plan', 'm', '--json'], { ...SECRETS, KCR_ENCRYPTION_KEY: KEY });
    expect(plan.stderr).toBe('');
    const planId = (JSON.parse(plan.stdout) as { plan_id: string }).plan_id;

    const apply = await second.run(['apply', '--plan', planId, '--auto-approve'], { KCR_ENCRYPTION_KEY: KEY });
    expect(apply.stderr).toBe('');
    expect(apply.stdout).toMatch(/Apply complete! Connectors: 2 added, 0 changed, 0 destroyed/);
    const twice = await first.run(['apply', '--plan', planId, '--auto-approve'], { KCR_ENCRYPTION_KEY: KEY });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/PLAN_ALREADY_APPLIED/);

    const again = await first.run(['plan', 'm', '--detailed-exitcode'], { ...SECRETS, KCR_ENCRYPTION_KEY: KEY });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/No changes/);
    const history = await second.run(['history', '--json'], { KCR_ENCRYPTION_KEY: KEY });
    const listed = JSON.parse(history.stdout) as { plans: Array<{ plan_id: string }>; applies: Array<{ plan_id: string; status: string }> };
    expect(listed.applies).toEqual([expect.objectContaining({ plan_id: planId, status: 'succeeded' })]);
    expect(listed.plans.map((p) => p.plan_id)).toContain(planId);
  });

  it('refuses a bad store configuration or a missing key with a clear error, before touching the cluster', async () => {
    const badNode = await first.run(['history'], { KCR_ENCRYPTION_KEY: KEY, KCR_STORE_NODES: 'es.example:9200' });
    expect(badNode.code).toBe(1);
    expect(badNode.stderr).toContain('/store/nodes/0: uses es.example:; expected http: or https: (from KCR_STORE_NODES)');
    const unsetCredential = await first.run(['history'], { KCR_ENCRYPTION_KEY: KEY, KCR_STORE_API_KEY: '${env:KCR_TEST_NO_SUCH_KEY}' });
    expect(unsetCredential.code).toBe(1);
    expect(unsetCredential.stderr).toContain('/store/auth/apiKey: environment variable KCR_TEST_NO_SUCH_KEY is not set or empty');
    const noKey = await first.run(['history'], {});
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^Error \[CONFIG_INVALID\]: store.type elasticsearch needs KCR_ENCRYPTION_KEY/);
    // Nothing was created by any of them.
    const indices = await fetch(`${url}/_cat/indices/${prefix}-*?format=json`).then((response) => response.json());
    expect(indices).toEqual([]);
  });

  it('answers STORE_KEY_MISMATCH when a machine has another key than the one the store was made with', async () => {
    expect((await first.run(['history'], { KCR_ENCRYPTION_KEY: KEY })).code).toBe(0);
    const other = await second.run(['history'], { KCR_ENCRYPTION_KEY: 'c3'.repeat(32) });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/STORE_KEY_MISMATCH/);
    expect(other.stderr).not.toContain('c3c3');
  });
});
