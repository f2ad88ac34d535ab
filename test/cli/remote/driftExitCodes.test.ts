import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexManifest, webhookManifest, Workspace, type KcrRun } from '../cliHarness.js';
import { startKcrServer, type KcrServer } from './kcrServer.js';

const xsrf = { 'kbn-xsrf': 'true', 'content-type': 'application/json' };

/** Connector id by name, through the Kibana-compatible API of the running server. */
async function connectorIdOf(server: KcrServer, name: string): Promise<string> {
  const response = await request(`${server.url}/api/actions/connectors`);
  const connectors = (await response.body.json()) as Array<{ id: string; name: string }>;
  const found = connectors.find((c) => c.name === name);
  if (!found) throw new Error(`no connector named ${name}`);
  return found.id;
}

describe('kcr drift, locally and with --server, over one store changed through the Kibana API', () => {
  const ws = new Workspace();
  let server: KcrServer;
  const local = (args: string[]) => ws.run(args);
  const remote = (args: string[]) => ws.run(['--server', server.url, ...args]);

  beforeAll(async () => {
    ws.write('manifests/hook.yaml', webhookManifest('ops-hook', 'https://example.com/hook'));
    ws.write('manifests/logs.yaml', indexManifest('ops-logs', 'logs-ops'));
    const applied = await local(['apply', 'manifests', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    // The server shares the CLI's data directory (SQLite in WAL mode) and lets API writes through as drift.
    server = await startKcrServer({ dataDir: join(ws.dir, '.kcr'), configYaml: 'managedConnectorWrites: allow\n' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    server?.cleanup();
    ws.cleanup();
  });

  it('exits 0 with --detailed-exitcode while nothing drifted, in both modes', async () => {
    const [before, beforeRemote, fromEnv] = await Promise.all([
      local(['drift', '--detailed-exitcode']), remote(['drift', '--detailed-exitcode']), ws.run(['drift', '--detailed-exitcode'], { KCR_SERVER: server.url }),
    ]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('No drift. 2 connector(s) of set "default" match what kcr last applied.');
    expect(beforeRemote).toEqual(before);
    expect(fromEnv).toEqual(before);
    // KCR_SERVER really selects remote mode: pointed nowhere, the same command fails instead of reading the local store.
    const nowhere = await ws.run(['drift', '--detailed-exitcode'], { KCR_SERVER: 'http://127.0.0.1:9' });
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/^Error \[STORE_UNAVAILABLE\]: cannot reach kcr at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  }, 60_000);

  it('exits 2 after out-of-band changes, with the same report in both modes, and 1 on error', async () => {
    const hookId = await connectorIdOf(server, 'ops-hook');
    const logsId = await connectorIdOf(server, 'ops-logs');
    expect((await request(`${server.url}/api/actions/connector/${hookId}`, { method: 'DELETE', headers: xsrf })).statusCode).toBe(204);
    const put = await request(`${server.url}/api/actions/connector/${logsId}`, { method: 'PUT', headers: xsrf, body: JSON.stringify({ name: 'ops-logs', config: { index: 'edited-by-hand' } }) });
    expect(put.statusCode).toBe(200);

    const [after, afterRemote]: KcrRun[] = await Promise.all([local(['drift', '--detailed-exitcode']), remote(['drift', '--detailed-exitcode'])]);
    expect(after.code, after.stderr).toBe(2);
    expect(after.stdout).toContain(`default/${hookId} (ops-hook) was deleted outside kcr [missing]`);
    expect(after.stdout).toContain(`default/${logsId} (ops-logs) was changed outside kcr (name or config) [config]`);
    expect(after.stdout).toContain('edited-by-hand');
    expect(after.stdout).toContain('Drift: 2 connector(s) drifted (1 config, 1 missing); 0 unchanged.');
    expect(afterRemote).toEqual(after);

    const withoutFlag = await local(['drift']);
    expect(withoutFlag.code).toBe(0);
    const json = await remote(['--json', 'drift']);
    const report = JSON.parse(json.stdout) as { refresh_only: boolean; resource_changes: Array<{ connector_id: string; drift_class?: string }> };
    expect(report.refresh_only).toBe(true);
    expect(Object.fromEntries(report.resource_changes.map((c) => [c.connector_id, c.drift_class]))).toEqual({ [hookId]: 'missing', [logsId]: 'config' });

    const [badLocal, badRemote] = await Promise.all([local(['drift', '--set', 'No Such Set']), remote(['drift', '--set', 'No Such Set'])]);
    expect(badLocal.code).toBe(1);
    expect(badLocal.stderr).toMatch(/^Error \[BAD_REQUEST\]: set name "No Such Set" is invalid/);
    expect(badRemote).toEqual(badLocal);
  }, 120_000);
});
