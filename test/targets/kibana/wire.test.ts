import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KcrError } from '../../../src/errors.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import { kibanaTargetFromConfig } from '../../../src/targets/kibana/kibanaTargetFromConfig.js';
import type { KibanaTargetInput } from '../../../src/targets/kibana/options.js';
import { startFakeKibana, type FakeKibana } from './fakeKibana.js';

const SECRET = 'https://hooks.slack.com/services/T000/B000/very-secret-token';
const write = (name: string, secret = SECRET) => ({ name, config: {}, secrets: new SecretValue({ webhookUrl: secret }) });
const noWait = { sleep: async () => undefined, random: () => 0.5 };

let kibana: FakeKibana;
let target: KibanaTarget;
const open = (input: Partial<KibanaTargetInput> = {}) => {
  target = new KibanaTarget({ url: kibana.url, apiKey: 'a2V5aWQ6a2V5', ...input }, noWait);
  return target;
};

afterEach(async () => {
  await target?.close();
  await kibana?.close();
});

/*
 * What goes on the wire, byte for byte: checked against a Kibana-like server that records every
 * request. Behaviour against a real kcr app is in KibanaTarget.test.ts.
 */
describe('KibanaTarget: routes, headers and mapping', () => {
  beforeEach(async () => {
    kibana = await startFakeKibana();
  });

  it('always uses the /s/{space} prefix, the default space included, and maps snake_case to the model', async () => {
    open();
    const created = await target.createConnector('default', 'c1', '.slack', write('Ops Slack'));
    expect(created).toEqual({
      spaceId: 'default', id: 'c1', name: 'Ops Slack', connectorTypeId: '.slack', config: {},
      isPreconfigured: false, isDeprecated: false, isMissingSecrets: false, isSystemAction: false,
    });
    const listed = await target.listConnectors('default');
    expect(listed.map((c) => [c.id, c.name, c.isPreconfigured, c.referencedByCount])).toEqual([
      ['c1', 'Ops Slack', false, 0],
      ['my-slack1', 'Slack #xyz', true, 2],
    ]);
    // A preconfigured connector that hides its config keeps "no config", not {}.
    expect('config' in listed[1]).toBe(false);
    expect(kibana.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /s/default/api/actions/connector/c1',
      'GET /s/default/api/actions/connectors',
    ]);
  });

  it('sends name, connector_type_id, config and secrets on create, and name, config, secrets on every update', async () => {
    open();
    await target.createConnector('ops', 'c1', '.webhook', { name: 'Hook', config: { url: 'https://x' }, secrets: new SecretValue({ user: 'u', password: 'p' }) });
    await target.updateConnector('ops', 'c1', { name: 'Hook 2', config: {}, secrets: new SecretValue({}) });
    expect(kibana.requests.map((r) => r.body)).toEqual([
      { name: 'Hook', connector_type_id: '.webhook', config: { url: 'https://x' }, secrets: { user: 'u', password: 'p' } },
      { name: 'Hook 2', config: {}, secrets: {} },
    ]);
    expect(kibana.connectors.get('ops/c1')).toMatchObject({ name: 'Hook 2', connectorTypeId: '.webhook', secrets: {} });
  });

  it('sends kbn-xsrf and a JSON content type on writes only', async () => {
    open();
    await target.createConnector('default', 'c1', '.slack', write('A'));
    await target.getConnector('default', 'c1');
    await target.updateConnector('default', 'c1', write('B'));
    await target.deleteConnector('default', 'c1');
    const seen = kibana.requests.map((r) => [r.method, r.headers['kbn-xsrf'], r.headers['content-type']]);
    expect(seen).toEqual([
      ['POST', 'true', 'application/json'],
      ['GET', undefined, undefined],
      ['PUT', 'true', 'application/json'],
      ['DELETE', 'true', undefined],
    ]);
    expect(kibana.connectors.size).toBe(0);
  });

  it('gives a connector without a chosen id a UUID of its own, so a lost answer can be checked', async () => {
    open();
    const created = await target.createConnector('default', undefined, '.slack', write('A'));
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(kibana.requests[0].url).toBe(`/s/default/api/actions/connector/${created.id}`);
  });

  it.each([
    ['a bearer token over everything', { bearerToken: 'tok', apiKey: 'k', username: 'u', password: 'p' }, 'Bearer tok'],
    ['an API key over Basic', { apiKey: 'a2V5aWQ6a2V5', username: 'u', password: 'p' }, 'ApiKey a2V5aWQ6a2V5'],
    ['Basic when only a user is set', { username: 'elastic', password: 'changeme' }, `Basic ${Buffer.from('elastic:changeme').toString('base64')}`],
    ['no header without credentials', {}, undefined],
  ])('authenticates with %s', async (_what, credentials, expected) => {
    target = new KibanaTarget({ url: kibana.url, ...credentials }, noWait);
    await target.listConnectors('default');
    expect(kibana.requests[0].headers.authorization).toBe(expected);
  });

  it('lists connector types from the target, in the model shape', async () => {
    open();
    const types = await target.listConnectorTypes('alerting');
    expect(types).toEqual([{
      id: '.slack', name: 'Slack', enabled: true, enabledInConfig: true, enabledInLicense: true,
      minimumLicenseRequired: 'gold', supportedFeatureIds: ['alerting', 'uptime'], isSystemActionType: false,
    }]);
    expect(kibana.requests[0].url).toBe('/api/actions/connector_types?feature_id=alerting');
  });
});

describe('KibanaTarget behind a base path', () => {
  it('keeps the base path in front of every route', async () => {
    kibana = await startFakeKibana('/kibana');
    open({ url: `${kibana.url}/` });
    await target.createConnector('ops', 'c1', '.slack', write('A'));
    await target.listConnectors('ops');
    expect(kibana.requests.map((r) => r.url)).toEqual(['/kibana/s/ops/api/actions/connector/c1', '/kibana/s/ops/api/actions/connectors']);
  });
});

describe('KibanaTarget error text', () => {
  it('scrubs the request secrets from an error even when the server echoes them', async () => {
    kibana = await startFakeKibana();
    open();
    const error = await target.createConnector('default', 'c', '.echo', write('A')).then(() => undefined, (e: unknown) => e as KcrError);
    expect(error).toBeInstanceOf(KcrError);
    expect(error?.status).toBe(400);
    expect(error?.message).toContain('(sensitive)');
    expect(JSON.stringify([error?.message, error?.attributes])).not.toContain('very-secret-token');
  });
});

describe('KibanaTarget credentials', () => {
  it('never shows credentials when the target is logged, inspected or serialised', async () => {
    kibana = await startFakeKibana();
    target = new KibanaTarget({ url: kibana.url, bearerToken: 'bearer-secret-1', apiKey: 'apikey-secret-2', username: 'u', password: 'password-secret-3' });
    const views = [inspect(target, { depth: 10, showHidden: true }), JSON.stringify(target), String(target)].join('\n');
    expect(views).not.toMatch(/bearer-secret-1|apikey-secret-2|password-secret-3/);
  });

  it('refuses credentials in the URL without echoing them', () => {
    let message = '';
    try {
      new KibanaTarget({ url: 'https://elastic:url-secret-4@kibana.example' });
    } catch (error) {
      message = (error as KcrError).message;
      expect((error as KcrError).code).toBe('CONFIG_INVALID');
    }
    expect(message).toMatch(/must not carry credentials/);
    expect(message).not.toContain('url-secret-4');
  });

  it('is built from the kcr config: target credentials and concurrency, actions networking', async () => {
    kibana = await startFakeKibana();
    const actions = { enabledActionTypes: ['*'], allowedHosts: ['*'], email: { domain_allowlist: [] }, proxyUrl: null, customHostSettings: [], ssl: { verificationMode: 'full' as const }, responseTimeout: '5s' };
    target = kibanaTargetFromConfig({ target: { type: 'kibana', url: kibana.url, username: 'elastic', password: 'changeme', concurrency: 3 }, actions });
    await target.listConnectors('ops');
    expect(target.concurrency).toBe(3);
    expect(kibana.requests[0].headers.authorization).toBe(`Basic ${Buffer.from('elastic:changeme').toString('base64')}`);
    expect(() => kibanaTargetFromConfig({ target: { type: 'embedded' }, actions })).toThrow(/not kibana/);
  });
});
