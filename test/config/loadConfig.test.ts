import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/defaults.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { preconfiguredWarnings } from '../../src/config/preconfiguredIssues.js';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import { kcrThrow } from '../helpers/kcrRejection.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcr-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('gives the documented defaults when there is no kcr.yaml, with the data dir resolved', () => {
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config).toEqual({ ...DEFAULT_CONFIG, store: { type: 'sqlite', dataDir: join(dir, '.kcr') } });
    expect(config.actions.enabledActionTypes).toEqual(['*']);
    expect(config.server).toEqual({ host: '127.0.0.1', port: 5601, bodyLimit: '1mb', requestTimeoutMs: 30000 });
  });

  it('reads ./kcr.yaml when present and returns a deep-frozen result', () => {
    writeFileSync(join(dir, 'kcr.yaml'), 'server: {port: 7000}\nactions: {allowedHosts: [hooks.slack.com]}\nmanagedConnectorWrites: allow\n');
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.server.port).toBe(7000);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.actions.allowedHosts).toEqual(['hooks.slack.com']);
    expect(config.actions.enabledActionTypes).toEqual(['*']);
    expect(config.managedConnectorWrites).toBe('allow');
    expect(Object.isFrozen(config.actions.allowedHosts)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('lets KCR_* variables override the file and --data-dir override both', () => {
    writeFileSync(join(dir, 'custom.yaml'), 'server: {port: 7000}\nstore: {type: sqlite, dataDir: from-file}\n');
    const env = { KCR_PORT: '8080', KCR_HOST: '0.0.0.0', KCR_TARGET: 'kibana', KCR_KIBANA_URL: 'https://kibana.example.com:5601', KCR_KIBANA_API_KEY: 'k', KCR_KIBANA_INSECURE: 'true', KCR_LOG_LEVEL: 'debug', KCR_DATA_DIR: 'from-env' };
    const config = loadConfig({ cwd: dir, env, configFile: 'custom.yaml' });
    expect(config.server).toMatchObject({ port: 8080, host: '0.0.0.0' });
    expect(config.target).toEqual({ type: 'kibana', url: 'https://kibana.example.com:5601', apiKey: 'k', insecure: true });
    expect(config.logLevel).toBe('debug');
    expect(config.store).toEqual({ type: 'sqlite', dataDir: join(dir, 'from-env') });
    expect(loadConfig({ cwd: dir, env, configFile: 'custom.yaml', dataDir: '/srv/kcr' }).store).toEqual({ type: 'sqlite', dataDir: '/srv/kcr' });
  });

  it('resolves a data dir from the file relative to the file', () => {
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'kcr.yaml'), 'store: {type: sqlite, dataDir: state}\n');
    expect(loadConfig({ cwd: dir, env: {}, configFile: 'conf/kcr.yaml' }).store).toEqual({ type: 'sqlite', dataDir: join(dir, 'conf', 'state') });
  });

  it('reports every mistake of a bad file at once, each with its path', () => {
    writeFileSync(
      join(dir, 'kcr.yaml'),
      [
        'target: {type: kibana}',
        'server: {port: "5601x", prot: 1}',
        'managedConnectorWrites: sometimes',
        'actions: {allowedHosts: "*", responseTimeout: soon}',
        'preconfigured:',
        '  constructor: {actionTypeId: .slack, name: x}',
        '  blank-name: {actionTypeId: .index, name: "", config: {index: i}}',
        '  bad-index: {actionTypeId: .index, name: z, config: {}}',
        'colour: blue',
      ].join('\n'),
    );
    const error = kcrThrow(() => loadConfig({ cwd: dir, env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.errors?.map((issue) => issue.path).sort()).toEqual(
      [
        '/actions/allowedHosts',
        '/actions/responseTimeout',
        '/colour',
        '/managedConnectorWrites',
        '/preconfigured/blank-name/name',
        '/preconfigured/constructor',
        '/server/port',
        '/server/prot',
        '/target/url',
      ].sort(),
    );
    expect(error.message).toContain(join(dir, 'kcr.yaml'));
    expect(error.message).toContain('/server/port: must be integer');
    expect(error.message).toContain('/managedConnectorWrites: must be one of: "reject", "allow"');
  });

  it('names the variable when a KCR_* value is wrong', () => {
    const error = kcrThrow(() => loadConfig({ cwd: dir, env: { KCR_PORT: 'eighty', KCR_MANAGED_CONNECTOR_WRITES: 'yes' } }));
    expect(error.errors).toEqual(
      expect.arrayContaining([
        { path: '/server/port', message: 'must be integer (from KCR_PORT)' },
        { path: '/managedConnectorWrites', message: 'must be one of: "reject", "allow" (from KCR_MANAGED_CONNECTOR_WRITES)' },
      ]),
    );
  });

  it('refuses a --config file that does not exist, and a file that is not YAML', () => {
    expect(kcrThrow(() => loadConfig({ cwd: dir, env: {}, configFile: 'nope.yaml' })).message).toContain('does not exist');
    writeFileSync(join(dir, 'broken.yaml'), 'server: {port: 1\n');
    expect(kcrThrow(() => loadConfig({ cwd: dir, env: {}, configFile: 'broken.yaml' })).message).toContain('not valid YAML');
  });

  it('starts with a preconfigured connector its type would refuse, as Kibana does, and names it in a warning without its secret', () => {
    writeFileSync(
      join(dir, 'kcr.yaml'),
      [
        'preconfigured:',
        '  good: {actionTypeId: .index, name: g, config: {index: i}}',
        '  s: {actionTypeId: .slack, name: s, secrets: {webhookUrl: "not a url super-secret-token"}}',
        '  odd-type: {actionTypeId: .nope, name: y}',
        '  preconfigured-alert-history-es-index: {actionTypeId: .index, name: h, config: {index: h}}',
      ].join('\n'),
    );
    const config = loadConfig({ cwd: dir, env: {} });
    expect(Object.keys(config.preconfigured).sort()).toEqual(['good', 'odd-type', 's']);
    const warnings = preconfiguredWarnings(config.preconfigured, config.actions, createConnectorTypeRegistry());
    expect(warnings.map((warning) => warning.path)).toEqual(['/preconfigured/s/secrets/webhookUrl', '/preconfigured/odd-type/actionTypeId']);
    expect(warnings[0].message).toMatch(/^preconfigured connector "s": /);
    expect(warnings[1].message).toContain('connector type ".nope" is not registered');
    expect(JSON.stringify(warnings)).not.toContain('super-secret-token');
  });

  it('refuses what Kibana refuses at start-up, naming the preconfigured connector, and never echoes its secrets', () => {
    writeFileSync(join(dir, 'kcr.yaml'), 'preconfigured:\n  ok: {actionTypeId: .index, name: ok, config: {index: i}}\n  s: {actionTypeId: .slack, name: s, secrets: "super-secret-token"}\n');
    const error = kcrThrow(() => loadConfig({ cwd: dir, env: {} }));
    expect(error.errors?.map((issue) => issue.path)).toEqual(['/preconfigured/s/secrets']);
    expect(error.message).toContain('/preconfigured/s/secrets: must be object');
    expect(JSON.stringify({ message: error.message, errors: error.errors })).not.toContain('super-secret-token');
  });
});
