import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDesired } from '../../../src/cli/commands/loadDesired.js';
import type { CliIo } from '../../../src/cli/io.js';
import { openRuntime, readConfig } from '../../../src/cli/runtime.js';
import { LOCAL_CLI_ACTOR } from '../../../src/model/events.js';

/*
 * The composition root with `target: kibana`: the manifests and the planner both use the
 * Kibana's own type list (read once per run), and a plan writing a type only that Kibana knows
 * is stored with a warning. The Kibana here is a minimal one: a newer version listing `.mcp`,
 * with no connectors yet.
 */

const requests: string[] = [];
let server: Server;
let dir: string;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const types = [
      { id: '.slack', name: 'Slack', enabled: true, enabled_in_config: true, enabled_in_license: true, minimum_license_required: 'gold', supported_feature_ids: ['alerting'], is_system_action_type: false },
      { id: '.mcp', name: 'MCP', enabled: true, enabled_in_config: true, enabled_in_license: true, minimum_license_required: 'enterprise', supported_feature_ids: ['workflows'], is_system_action_type: false },
    ];
    const body = req.url === '/api/actions/connector_types' ? types : /^\/s\/[^/]+\/api\/actions\/connectors$/.test(req.url ?? '') ? [] : undefined;
    if (body === undefined) res.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404,"error":"Not Found","message":"Not Found"}');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'kcr-runtime-types-'));
  writeFileSync(join(dir, 'kcr.yaml'), `target:\n  type: kibana\n  url: ${url}\n`);
  const spec = (name: string, type: string, extra: string) =>
    `apiVersion: kcr/v1\nkind: Connector\nmetadata: {name: ${name}}\nspec:\n  name: ${name}\n  connector_type_id: ${type}\n${extra}\n`;
  writeFileSync(join(dir, 'mcp.yaml'), spec('tools', '.mcp', '  config: {serverUrl: "https://mcp.example.com", anyKey: 1}\n  secrets: {token: "mcp-token-secret"}'));
  writeFileSync(join(dir, 'slack.yaml'), spec('alerts', '.slack', '  secrets: {webhookUrl: "https://hooks.slack.com/services/x"}'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function cliIo(): CliIo & { errText(): string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: dir, errText: () => text };
}

describe('the runtime of a kibana target', () => {
  it('accepts a type only the target lists, reads the list once, and stores the plan with a warning', async () => {
    const io = cliIo();
    const config = readConfig(io, { dataDir: join(dir, '.kcr') });
    const { connectors } = await loadDesired(['mcp.yaml', 'slack.yaml'], config, io);
    expect(connectors.map((c) => c.connectorTypeId)).toEqual(['.mcp', '.slack']);
    const runtime = await openRuntime(io, { dataDir: join(dir, '.kcr') });
    try {
      expect(runtime.registry.get('.mcp')).toMatchObject({ name: 'MCP' });
      const stored = await runtime.service.plan({ set: 'default', desired: connectors, actor: LOCAL_CLI_ACTOR });
      expect(stored.plan.summary).toMatchObject({ create: 2 });
      expect(stored.plan.applyable).toBe(true);
      expect(stored.plan.warnings).toEqual([
        expect.objectContaining({ code: 'CONNECTOR_TYPE_NOT_KNOWN_TO_KCR', address: `default/${connectors[0].connectorId}` }),
      ]);
      expect((await runtime.store.getPlan(stored.plan.plan_id))?.plan.warnings).toEqual(stored.plan.warnings);
      expect(JSON.stringify(stored.plan)).not.toContain('mcp-token-secret');
    } finally {
      await runtime.close();
    }
    expect(requests.filter((r) => r === 'GET /api/actions/connector_types')).toHaveLength(1);
    expect(io.errText()).toBe('');
  });
});
