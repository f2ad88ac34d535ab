import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { authorizationHeader, hashSecret } from '../../../../src/security/secretHash.js';
import { openSqliteStore } from '../../../../src/store/sqlite/SqliteStore.js';
import { runKcr } from '../../../cli/cliHarness.js';
import { startKcrServer, type KcrServer } from '../../../cli/remote/kcrServer.js';
import { makeApplyRecord, makeOperation, makeStoredPlan } from '../../../store/storeFixtures.js';

/** A secret value that must never reach a page. */
export const CANARY = 'https://hooks.slack.com/services/T0/B0/browser-canary-secret';
const SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export const ADMIN = { username: 'ops-lead', password: 'ops-lead-password' };
export const READER_A = { username: 'auditor-a', password: 'auditor-a-password' };

/** Days before today (UTC) with seeded history, and what each holds. */
export const HISTORY = [
  { daysAgo: 3, succeeded: 2, failed: 1, drift: 2 },
  { daysAgo: 10, succeeded: 0, failed: 1, drift: 0 },
] as const;

export interface SeededServer {
  server: KcrServer;
  /** The plan that changed Alpha Hook's URL from v1 to v2 (and Alpha Chat's secret). */
  updatePlanId: string;
  /** The connector imported without its secrets. */
  importedId: string;
}

const dayOf = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

const connector = (name: string, space: string, type: string, extra: Record<string, unknown>) => ({
  apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name }, spec: { space_id: space, name: displayName(name), connector_type_id: type, ...extra },
});
const displayName = (name: string) => name.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
const hook = (name: string, space: string, url: string) => connector(name, space, '.webhook', { config: { url, method: 'post', hasAuth: false } });
const index = (name: string, space: string) => connector(name, space, '.index', { config: { index: `${name}-log` } });

/**
 * A real `kcr serve` over data in three spaces, made the ways a user makes it: history written
 * through the Store (applies and a drifted plan on earlier days, which no clock in a child
 * process could produce), a Kibana export imported with `kcr import` (secrets missing), then
 * plans and applies through the HTTP API as the admin, a write outside the set through the
 * Kibana API, and a re-plan that finds it as drift.
 */
export async function startSeededServer(): Promise<SeededServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kcr-ui-browser-'));
  const dataDir = join(dir, 'data');
  await seedHistory(dataDir);
  const importedId = '3f1c2b9e-8d47-4e1a-9c55-0b6e2f7a1d42';
  const ndjson = join(dir, 'export.ndjson');
  writeFileSync(ndjson, `${JSON.stringify({ type: 'action', id: importedId, attributes: { actionTypeId: '.slack', name: 'Alpha Imported Slack', config: {}, isMissingSecrets: true, secrets: {} }, references: [] })}\n`);
  const imported = await runKcr(['--data-dir', dataDir, 'import', ndjson, '--space', 'a'], { cwd: dir });
  expect(imported.code, imported.stderr).toBe(0);

  const principals = [
    { name: ADMIN.username, username: ADMIN.username, secretHash: await hashSecret(ADMIN.password, SCRYPT), privileges: { '*': 'all' } },
    { name: READER_A.username, username: READER_A.username, secretHash: await hashSecret(READER_A.password, SCRYPT), privileges: { a: 'read' } },
  ];
  const configYaml = `principals: ${JSON.stringify(principals)}\nmanagedConnectorWrites: allow\n`;
  const server = await startKcrServer({ dataDir, configYaml });
  const api = apiClient(server.url, authorizationHeader('Basic', ADMIN.username, ADMIN.password));

  const teamA = (url: string, secret: string) => [
    hook('alpha-hook', 'a', url), index('alpha-index', 'a'),
    connector('alpha-chat', 'a', '.slack', { secrets: { webhookUrl: secret } }),
    connector('alpha-gpt', 'a', '.gen-ai', { config: { apiProvider: 'OpenAI', apiUrl: 'https://api.openai.example.com/v1/chat/completions' }, secrets: { apiKey: 'sk-browser-test' } }),
  ];
  await api.planAndApply('team-a', teamA('https://example.com/alpha/v1', `${CANARY}-v1`));
  await api.planAndApply('team-b', [hook('bravo-hook', 'b', 'https://example.com/bravo'), index('bravo-index', 'b')]);
  await api.planAndApply('team-d', [hook('default-hook', 'default', 'https://example.com/default')]);
  // Changed outside the set (allowed by managedConnectorWrites), so team-b's next plan finds drift.
  const bravo = (await api.call('GET', '/s/b/api/actions/connectors') as Array<{ id: string; name: string }>).find((c) => c.name === 'Bravo Hook')!;
  await api.call('PUT', `/s/b/api/actions/connector/${bravo.id}`, { name: 'Bravo Hook (edited by hand)', config: { url: 'https://example.com/bravo', method: 'post', hasAuth: false }, secrets: {} });
  await api.planAndApply('team-b', [hook('bravo-hook', 'b', 'https://example.com/bravo'), index('bravo-index', 'b')]);
  const updatePlanId = await api.planAndApply('team-a', teamA('https://example.com/alpha/v2', CANARY));
  return { server, updatePlanId, importedId };
}

/** Applies and a drifted plan on earlier days, straight into the store (closed before kcr serve opens it). */
async function seedHistory(dataDir: string): Promise<void> {
  const store = await openSqliteStore({ dataDir });
  let n = 0;
  for (const day of HISTORY) {
    const date = dayOf(day.daysAgo);
    const outcomes = [...Array(day.succeeded).fill('succeeded'), ...Array(day.failed).fill('failed')] as Array<'succeeded' | 'failed'>;
    for (const status of outcomes) {
      n += 1;
      const stored = makeStoredPlan(`pln_history${n}`, [makeOperation(0, `history-${n}`, 'a')], { created_at: `${date}T09:00:00.000Z`, spaces: ['a'], set: 'team-a' });
      await store.savePlan(stored, []);
      await store.beginApply({ ...makeApplyRecord(`apl_history${n}`, stored, `${date}T09:00:0${n % 10}.000Z`), actor: ADMIN.username });
      await store.finishApply(`apl_history${n}`, status, `${date}T09:01:00.000Z`);
    }
    if (day.drift > 0) {
      const drifted = Array.from({ length: day.drift }, (_, i) => ({ address: `a/drifted-${i}`, space_id: 'a', connector_id: `drifted-${i}`, drift: true }));
      await store.savePlan(makeStoredPlan(`pln_drift${day.daysAgo}`, [], { created_at: `${date}T10:00:00.000Z`, spaces: ['a'], set: 'team-a', resource_changes: drifted as never }), []);
    }
  }
  await store.close();
}

function apiClient(url: string, authorization: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}${path}`, {
      method, headers: { authorization, 'kbn-xsrf': 'true', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return text === '' ? null : JSON.parse(text);
  };
  return {
    call,
    async planAndApply(set: string, manifests: unknown[]): Promise<string> {
      const plan = await call('POST', `/api/reconciler/plans?set=${set}`, { manifests }) as { plan_id: string };
      const apply = await call('POST', `/api/reconciler/plans/${plan.plan_id}/apply`) as { status: string };
      expect(apply.status).toBe('succeeded');
      return plan.plan_id;
    },
  };
}

export { dayOf };
