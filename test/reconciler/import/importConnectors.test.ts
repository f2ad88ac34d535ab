import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig.js';
import type { KcrConfig } from '../../../src/config/types.js';
import { createConnectorTypeRegistry } from '../../../src/connector-types/ConnectorTypeRegistry.js';
import { LOCAL_CLI_ACTOR } from '../../../src/model/events.js';
import { importConnectors } from '../../../src/reconciler/importConnectors.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import type { Store } from '../../../src/store/Store.js';
import { EmbeddedTarget } from '../../../src/targets/embedded/EmbeddedTarget.js';
import { kibanaTargetFromConfig } from '../../../src/targets/kibana/kibanaTargetFromConfig.js';
import { kcrRejection } from '../../helpers/kcrRejection.js';

const registry = createConnectorTypeRegistry();
let dir: string;
let store: Store;
let config: KcrConfig;
let target: EmbeddedTarget;

const line = (id: string, actionTypeId: string, name: string, config: Record<string, unknown>) =>
  JSON.stringify({ attributes: { actionTypeId, config, isMissingSecrets: true, name, secrets: {} }, id, managed: false, references: [], type: 'action' });
const GOOD = [
  line('77777777-7777-4777-8777-777777777777', '.slack', 'Ops Slack', {}),
  line('88888888-8888-4888-8888-888888888888', '.index', 'Alerts', { index: 'alerts' }),
].join('\n');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kcr-import-'));
  store = await openSqliteStore({ dataDir: dir });
  config = loadConfig({ cwd: dir, env: {}, overrides: {} });
  target = new EmbeddedTarget({ store, registry, config });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (text: string, spaceId = 'ops') => ({ spaceId, text, file: 'export.ndjson', actor: LOCAL_CLI_ACTOR });

describe('importConnectors', () => {
  it('inserts every connector without secrets, records an event each and moves the space serial once', async () => {
    const result = await importConnectors({ store, target, registry, config }, request(GOOD));
    expect(result.warnings).toEqual([{ type: 'action_required', message: '1 connector(s) have sensitive information that require updates.' }]);
    const listed = await target.listConnectors('ops');
    expect(listed.map(({ name, isMissingSecrets }) => ({ name, isMissingSecrets }))).toEqual([
      { name: 'Alerts', isMissingSecrets: false },
      { name: 'Ops Slack', isMissingSecrets: true },
    ]);
    expect(listed.find((connector) => connector.name === 'Alerts')?.config).toEqual({ index: 'alerts', refresh: false, executionTimeField: null });
    expect(await store.getSerials(['ops'])).toEqual({ ops: 1 });
    const events = (await store.listEvents({ space: 'ops' })).items;
    expect(events.map((event) => [event.action, event.connector_id, event.actor])).toEqual(expect.arrayContaining([
      ['connector.import', '77777777-7777-4777-8777-777777777777', 'local-cli'],
      ['connector.import', '88888888-8888-4888-8888-888888888888', 'local-cli'],
    ]));
  });

  it('writes nothing when any line is bad, and names every problem with file, line and pointer', async () => {
    const text = [GOOD, 'oops', line('99999999-9999-4999-8999-999999999999', '.nope', 'X', {})].join('\n');
    const error = await kcrRejection(importConnectors({ store, target, registry, config }, request(text)));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('export.ndjson: 2 problem(s); nothing was imported');
    expect(error.errors).toEqual([
      { path: 'export.ndjson:3', message: expect.stringContaining('not valid JSON') },
      { path: 'export.ndjson:4 /attributes/actionTypeId', message: expect.stringContaining('".nope" is not registered') },
    ]);
    expect(await store.embeddedConnectors.count()).toBe(0);
    expect(await store.getSerials(['ops'])).toEqual({ ops: 0 });
    expect((await store.listEvents({})).total).toBe(0);
  });

  it('refuses ids that already exist in any space (Kibana ids are global) and writes nothing', async () => {
    await store.embeddedConnectors.insert({ spaceId: 'other', id: '88888888-8888-4888-8888-888888888888', name: 'Taken', connectorTypeId: '.index', config: { index: 'x' }, secrets: new SecretValue({}), isMissingSecrets: false });
    const error = await kcrRejection(importConnectors({ store, target, registry, config }, request(GOOD)));
    expect(error.errors).toEqual([{ path: 'export.ndjson:2 /id', message: expect.stringContaining('already exists in space "other"') }]);
    expect(await target.listConnectors('ops')).toEqual([]);
  });

  it('refuses a kibana target: real Kibana has its own saved-objects import', async () => {
    const kibana = kibanaTargetFromConfig({ ...config, target: { ...config.target, type: 'kibana', url: 'http://127.0.0.1:9' } as KcrConfig['target'] });
    try {
      const error = await kcrRejection(importConnectors({ store, target: kibana, registry, config }, request(GOOD)));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/saved-objects import .*api\/saved_objects\/_import/);
    } finally {
      await kibana.close();
    }
    expect(await store.embeddedConnectors.count()).toBe(0);
  });
});
