import { afterEach, describe, expect, it } from 'vitest';
import type { DeepPartial } from '../../../src/config/loadConfig.js';
import type { KcrConfig } from '../../../src/config/types.js';
import { KcrError } from '../../../src/errors.js';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import type { CallReport, ConnectorWrite } from '../../../src/targets/Target.js';
import { scriptedSchedule, startFaultProxy, type FaultProxy } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';

/*
 * The kibana target against a real kcr app (embedded target, real SQLite) served over HTTP,
 * which answers as Kibana does; a pass-through proxy in between counts the calls.
 */

const SECRET = 'https://hooks.slack.com/services/T000/B000/very-secret-token';
const slack = (name: string, webhookUrl = SECRET): ConnectorWrite => ({ name, config: {}, secrets: new SecretValue({ webhookUrl }) });

let kcr: RealKcr | undefined;
let proxy: FaultProxy | undefined;
let target: KibanaTarget | undefined;

async function open(overrides: DeepPartial<KcrConfig> = {}): Promise<KibanaTarget> {
  kcr = await startRealKcr(overrides);
  proxy = await startFaultProxy(kcr.url, scriptedSchedule([]));
  target = new KibanaTarget({ url: proxy.url, retry: { maxAttempts: 3 } }, { sleep: async () => undefined });
  return target;
}

/** The KcrError a call fails with (the test fails if it succeeds or throws anything else). */
async function failure(call: () => Promise<unknown>): Promise<KcrError> {
  const error = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KcrError);
  return error as KcrError;
}

afterEach(async () => {
  await target?.close();
  await proxy?.close();
  await kcr?.close();
  target = proxy = kcr = undefined;
});

describe('KibanaTarget against a real kcr', () => {
  it('creates, reads, lists, updates and deletes, mapping the connector JSON to the model', async () => {
    const t = await open();
    const created = await t.createConnector('ops', 'idx-1', '.index', { name: 'Index', config: { index: 'logs' }, secrets: new SecretValue({}) });
    // Kibana fills the type's defaults in; the target passes config through as returned.
    expect(created).toEqual({
      spaceId: 'ops', id: 'idx-1', name: 'Index', connectorTypeId: '.index',
      config: { index: 'logs', refresh: false, executionTimeField: null },
      isPreconfigured: false, isDeprecated: false, isMissingSecrets: false, isSystemAction: false,
    });
    await t.createConnector('ops', 'slack-1', '.slack', slack('Alerts'));
    expect(await t.getConnector('ops', 'slack-1')).toMatchObject({ id: 'slack-1', name: 'Alerts', connectorTypeId: '.slack' });

    const listed = await t.listConnectors('ops');
    expect(listed.map((c) => [c.name, c.spaceId, c.referencedByCount])).toEqual([['Alerts', 'ops', 0], ['Index', 'ops', 0]]);
    expect(await t.listConnectors('default')).toEqual([]);

    const updated = await t.updateConnector('ops', 'slack-1', slack('Alerts v2'));
    expect(updated.name).toBe('Alerts v2');
    await t.deleteConnector('ops', 'idx-1');
    expect((await t.listConnectors('ops')).map((c) => c.id)).toEqual(['slack-1']);
  });

  it('reads the connector types the target itself reports', async () => {
    const t = await open({ actions: { enabledActionTypes: ['.slack', '.index'] } });
    const types = await t.listConnectorTypes();
    expect(types.find((type) => type.id === '.slack')).toMatchObject({ name: 'Slack', enabled: true, enabledInConfig: true });
    expect(types.find((type) => type.id === '.email')).toMatchObject({ enabled: false, enabledInConfig: false });
    const alerting = await t.listConnectorTypes('alerting');
    expect(alerting.every((type) => type.supportedFeatureIds.includes('alerting'))).toBe(true);
  });

  it.each([
    ['get of a missing id', (t: KibanaTarget) => t.getConnector('default', 'nope'), 404, 'CONNECTOR_NOT_FOUND', 'Saved object [action/nope] not found'],
    ['first delete of a missing id', (t: KibanaTarget) => t.deleteConnector('default', 'nope'), 404, 'CONNECTOR_NOT_FOUND', 'Saved object [action/nope] not found'],
    ['update of a missing id', (t: KibanaTarget) => t.updateConnector('default', 'nope', slack('A')), 404, 'CONNECTOR_NOT_FOUND', 'Saved object [action/nope] not found'],
    ['create over an id used in another space', async (t: KibanaTarget) => {
      await t.createConnector('other', 'dup', '.slack', slack('A'));
      return t.createConnector('default', 'dup', '.slack', slack('B'));
    }, 409, 'CONNECTOR_CONFLICT', 'Saved object [action/dup] conflict'],
    ['an unknown type', (t: KibanaTarget) => t.createConnector('default', 'c', '.nope', slack('A')), 400, 'CONNECTOR_TYPE_NOT_REGISTERED', 'Action type ".nope" is not registered.'],
    ['a type disabled by enabledActionTypes', (t: KibanaTarget) => t.createConnector('default', 'c', '.email', { name: 'Mail', config: { from: 'a@b.co', host: 'smtp.b.co', port: 25, hasAuth: false }, secrets: new SecretValue({}) }),
      403, 'CONNECTOR_TYPE_DISABLED', 'action type ".email" is not enabled in the Kibana config xpack.actions.enabledActionTypes'],
  ])('passes Kibana status and message through: %s', async (_what, call: (t: KibanaTarget) => Promise<unknown>, status, code, message) => {
    const t = await open({ actions: { enabledActionTypes: ['.slack', '.index'] } });
    const error = await failure(() => call(t));
    expect([error.status, error.code, error.message]).toEqual([status, code, message]);
  });

  it('does not retry a 400, and keeps the rejected secret out of the error', async () => {
    const t = await open();
    const report: CallReport = { attempts: [] };
    const error = await failure(() => t.createConnector('default', 'c', '.slack', slack('A', 'not a url very-secret-token'), report));
    expect(error).toMatchObject({ status: 400, code: 'CONNECTOR_INVALID' });
    expect(error.message).toMatch(/^error validating action type secrets: /);
    expect(JSON.stringify([error.message, error.attributes, report])).not.toContain('very-secret-token');
    expect(proxy?.counts.get('POST /s/default/api/actions/connector/c')).toBe(1);
    expect(report.attempts).toEqual([]);
  });

  it('reports an unreachable Kibana as TARGET_UNAVAILABLE after its retries, without credentials', async () => {
    await open();
    const url = proxy!.url;
    await proxy!.close();
    proxy = undefined;
    await target!.close();
    target = new KibanaTarget({ url, username: 'elastic', password: 'hunter2-password', retry: { maxAttempts: 3 } }, { sleep: async () => undefined });
    const report: CallReport = { attempts: [] };
    const error = await failure(() => target!.deleteConnector('default', 'c', report));
    expect(error.code).toBe('TARGET_UNAVAILABLE');
    expect(error.message).toMatch(/^delete connector default\/c: Kibana at http:\/\/127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED/);
    expect(report.attempts).toHaveLength(3);
    expect(report.attempts[2]).toMatch(/^attempt 3: ECONNREFUSED.*giving up$/);
    expect(JSON.stringify([error.message, report])).not.toMatch(/hunter2|elastic:/);
  });
});
