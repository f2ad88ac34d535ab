import { describe, expect, it } from 'vitest';
import { isHostAllowed } from '../../src/connector-types/allowedHosts.js';
import { createConnectorTypeRegistry } from '../../src/connector-types/ConnectorTypeRegistry.js';
import type { JsonObject } from '../../src/model/json.js';
import { actionsSettings } from './fixtures.js';

const registry = createConnectorTypeRegistry();
const NOT_ALLOWED = 'is not added to the Kibana config xpack.actions.allowedHosts';

describe('isHostAllowed', () => {
  it.each<[string, string[], boolean]>([
    ['https://hooks.example.com/x', ['*'], true],
    ['https://hooks.example.com/x', ['hooks.example.com'], true],
    ['https://HOOKS.Example.com:8443/x', ['hooks.example.com'], true],
    ['https://hooks.example.com/x', ['example.com'], false],
    ['smtp.example.com', ['smtp.example.com'], true],
    ['smtp.example.com', ['other.example.com'], false],
    ['not a url', ['not a url'], false],
    ['https://hooks.example.com/x', [], false],
  ])('%s against %j is %s', (value, allowed, expected) => {
    expect(isHostAllowed(value, allowed)).toBe(expected);
  });
});

describe('allowedHosts', () => {
  const only = actionsSettings({ allowedHosts: ['allowed.example.com'] });

  it("rejects a config URL outside the list with Kibana's message and the field's pointer", () => {
    const result = registry.validate('.webhook', { url: 'https://evil.example.org/hook', hasAuth: false }, {}, only);
    expect(result).toEqual({
      ok: false,
      issues: [{
        pointer: '/config/url',
        message: 'host "evil.example.org" must be listed in actions.allowedHosts',
        kibanaMessage: `error validating action type config: error validation webhook action config: target url "https://evil.example.org/hook" ${NOT_ALLOWED}`,
        status: 400,
      }],
    });
  });

  it('accepts a URL whose host is listed', () => {
    expect(registry.validate('.webhook', { url: 'https://allowed.example.com/hook', hasAuth: false }, {}, only).ok).toBe(true);
  });

  it('checks the email host as a host name', () => {
    const result = registry.validate('.email', { from: 'a@example.com', host: 'smtp.example.org', port: 25, hasAuth: false }, {}, only);
    expect(result.ok ? [] : result.issues.map((issue) => [issue.pointer, issue.kibanaMessage])).toEqual([
      ['/config/host', "error validating action type config: [host] value 'smtp.example.org' is not in the allowedHosts configuration"],
    ]);
  });

  it("checks PagerDuty's built-in endpoint when apiUrl is left out", () => {
    const result = registry.validate('.pagerduty', {}, { routingKey: 'r' }, only);
    expect(result.ok ? '' : result.issues[0].kibanaMessage).toContain('"https://events.pagerduty.com/v2/enqueue"');
    expect(registry.validate('.pagerduty', {}, { routingKey: 'r' }, actionsSettings({ allowedHosts: ['events.pagerduty.com'] })).ok).toBe(true);
  });

  it('needs slack.com for the Slack API type, though no field names it', () => {
    const result = registry.validate('.slack_api', {}, { token: 'xoxb-1' }, only);
    expect(result.ok ? [] : result.issues.map((issue) => issue.pointer)).toEqual(['/secrets/token']);
  });

  it('never shows a secret URL in its messages, only the host name', () => {
    const secretUrl = 'https://hooks.example.org/services/T0/B0/S3CR3T-TOKEN';
    const slack = registry.validate('.slack', {}, { webhookUrl: secretUrl }, only);
    const xmatters = registry.validate('.xmatters', { usesBasic: false }, { secretsUrl: `${secretUrl}?apiKey=S3CR3T-KEY` }, only);
    const badUrl = registry.validate('.teams', {}, { webhookUrl: 'S3CR3T-not-a-url' }, actionsSettings());
    for (const result of [slack, xmatters, badUrl]) {
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain('S3CR3T');
    }
    expect(slack.ok ? '' : slack.issues[0].kibanaMessage).toBe(
      `error validating action type secrets: error configuring slack action: target hostname "hooks.example.org" ${NOT_ALLOWED}`,
    );
  });
});

describe('email settings', () => {
  const config = { from: 'Alerts <alerts@example.com>', service: 'gmail' };
  const secrets = { user: 'u', password: 'p' };

  it('accepts a sender whose domain is on domain_allowlist (or any when the list is empty)', () => {
    expect(registry.validate('.email', config, secrets, actionsSettings({ email: { domain_allowlist: ['example.com'] } })).ok).toBe(true);
    expect(registry.validate('.email', config, secrets, actionsSettings()).ok).toBe(true);
  });

  it('rejects a sender outside domain_allowlist', () => {
    const result = registry.validate('.email', config, secrets, actionsSettings({ email: { domain_allowlist: ['corp.example.org'] } }));
    expect(result.ok ? [] : result.issues.map((issue) => [issue.pointer, issue.kibanaMessage])).toEqual([
      ['/config/from', 'error validating action type config: [from]: not allowed emails: alerts@example.com'],
    ]);
  });

  it('rejects a service that email.services.enabled leaves out', () => {
    const result = registry.validate('.email', config, secrets, actionsSettings({ email: { domain_allowlist: [], services: { enabled: ['ses'] } } }));
    expect(result.ok ? [] : result.issues.map((issue) => issue.pointer)).toEqual(['/config/service']);
  });
});

describe('enabledActionTypes', () => {
  const slack = { webhookUrl: 'https://hooks.example.com/x' };

  it.each([[['*']], [['.slack']], [['.index', '.slack']]])('allows .slack with %j', (enabled) => {
    expect(registry.validate('.slack', {}, slack, actionsSettings({ enabledActionTypes: enabled })).ok).toBe(true);
  });

  it("answers Kibana's 403 for a type that is not enabled", () => {
    const result = registry.validate('.slack', {}, slack, actionsSettings({ enabledActionTypes: ['.index'] }));
    expect(result).toEqual({
      ok: false,
      issues: [{
        pointer: '/connector_type_id',
        message: 'connector type ".slack" is not enabled: expected it (or "*") in actions.enabledActionTypes',
        kibanaMessage: 'action type ".slack" is not enabled in the Kibana config xpack.actions.enabledActionTypes',
        status: 403,
      }],
    });
  });

  it('checks enablement last, after the 400s, as Kibana does', () => {
    const result = registry.validate('.slack', {}, {}, actionsSettings({ enabledActionTypes: [] }));
    expect(result.ok ? [] : result.issues.map((issue) => issue.status)).toEqual([400, 403]);
  });
});

describe('empty strings', () => {
  it.each<[string, string, JsonObject, JsonObject, string, string]>([
    ['an empty config value', '.index', { index: '' }, {}, '/config/index', "[request body.config.index]: value '' is not valid"],
    ['a whitespace-only config value', '.index', { index: '   ' }, {}, '/config/index', "[request body.config.index]: value '' is not valid"],
    ['a nested config value', '.webhook', { url: 'https://h.example.com', hasAuth: false, headers: { 'X-Team': ' ' } }, {}, '/config/headers/X-Team', "[request body.config.headers]: value '' is not valid"],
    ['a key that needs escaping in the pointer', '.webhook', { url: 'https://h.example.com', hasAuth: false, headers: { 'a/b~c': '' } }, {}, '/config/headers/a~1b~0c', "[request body.config.headers]: value '' is not valid"],
    ['a value in an array', '.slack_api', { allowedChannels: [{ name: '' }] }, { token: 't' }, '/config/allowedChannels/0/name', "[request body.config.allowedChannels]: value '' is not valid"],
    ['a secret', '.slack', {}, { webhookUrl: '\t' }, '/secrets/webhookUrl', "[request body.secrets.webhookUrl]: value '' is not valid"],
  ])('rejects %s', (_title, typeId, config, secrets, pointer, kibanaMessage) => {
    const result = registry.validate(typeId, config, secrets, actionsSettings());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ pointer, kibanaMessage, status: 400 });
  });
});

describe('inputs', () => {
  it('are never mutated by validate or withDefaults', () => {
    const config = deepFreeze({ url: 'https://h.example.com', headers: { a: 'b' } });
    const secrets = deepFreeze({ user: 'u', password: 'p' });
    const result = registry.validate('.webhook', config, secrets, actionsSettings());
    expect(result.ok).toBe(true);
    expect(registry.withDefaults('.webhook', config)).not.toBe(config);
    expect(config).toEqual({ url: 'https://h.example.com', headers: { a: 'b' } });
  });
});

function deepFreeze<T extends JsonObject>(value: T): T {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child as JsonObject);
  return Object.freeze(value);
}
