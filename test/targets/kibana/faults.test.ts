import { afterEach, describe, expect, it } from 'vitest';
import { SecretValue } from '../../../src/secrets/SecretValue.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import type { CallReport } from '../../../src/targets/Target.js';
import { scriptedSchedule, startFaultProxy, type Fault, type FaultProxy } from './faultProxy.js';
import { startRealKcr, type RealKcr } from './realKcr.js';

/* Faults injected by a proxy between the kibana target and a real kcr app that plays Kibana. */

const write = (name: string) => ({ name, config: {}, secrets: new SecretValue({ webhookUrl: `https://hooks.slack.com/services/${name}` }) });

let kibana: RealKcr;
let proxy: FaultProxy;
let target: KibanaTarget;
let slept: number[];

async function setUp(faults: Fault[], retry = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 }, responseTimeout = '60s'): Promise<void> {
  kibana = await startRealKcr();
  proxy = await startFaultProxy(kibana.url, scriptedSchedule(faults));
  slept = [];
  target = new KibanaTarget(
    { url: proxy.url, apiKey: 'a2V5', retry, actions: { responseTimeout } },
    { sleep: async (ms) => void slept.push(ms), random: () => 0.5 },
  );
}

/** What the real kcr holds in a space, read directly from its embedded target (not through the proxy). */
async function held(spaceId = 'default'): Promise<string[]> {
  return (await kibana.testApp.target.listConnectors(spaceId)).map((c) => `${c.id}=${c.name}`);
}

afterEach(async () => {
  await target.close();
  await proxy.close();
  await kibana.close();
});

const connectorUrl = (id: string) => `/s/default/api/actions/connector/${id}`;

describe('KibanaTarget retries transient faults and records them', () => {
  it.each([
    ['503', { kind: 'unavailable' } as Fault, /^attempt 1: 503 Service Unavailable, retried after 100ms$/],
    ['a dropped connection', { kind: 'drop' } as Fault, /^attempt 1: (ECONNRESET|UND_ERR_SOCKET|EPIPE).*, retried after 100ms$/],
    ['429 without Retry-After', { kind: 'rateLimit', retryAfter: '' } as Fault, /^attempt 1: 429 Too Many Requests, retried after 100ms$/],
  ])('retries an update after %s and notes it in the report', async (_what, fault, line) => {
    await setUp([]);
    await target.createConnector('default', 'c1', '.slack', write('A'));
    await target.close();
    await proxy.close();
    proxy = await startFaultProxy(kibana.url, scriptedSchedule([fault]));
    target = new KibanaTarget({ url: proxy.url, retry: { baseDelayMs: 200 } }, { sleep: async (ms) => void slept.push(ms), random: () => 0.5 });
    const report: CallReport = { attempts: [] };
    const updated = await target.updateConnector('default', 'c1', write('B'), report);
    expect(updated.name).toBe('B');
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatch(line);
    expect(proxy.counts.get(`PUT ${connectorUrl('c1')}`)).toBe(2);
  });

  it('honours Retry-After in seconds and as an HTTP date, capped at maxDelayMs', async () => {
    const inTwentySeconds = new Date(Date.now() + 20_000).toUTCString();
    await setUp([
      { kind: 'rateLimit', retryAfter: '3' },
      { kind: 'rateLimit', retryAfter: inTwentySeconds },
      { kind: 'rateLimit', retryAfter: '7200' },
    ], { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 60_000 });
    const report: CallReport = { attempts: [] };
    const list = await target.listConnectors('default');
    expect(list).toEqual([]);
    expect(slept[0]).toBe(3_000);
    // An HTTP date has one-second resolution and the clock moves: allow that, nothing more.
    expect(slept[1]).toBeGreaterThan(18_000);
    expect(slept[1]).toBeLessThanOrEqual(20_000);
    expect(slept[2]).toBe(60_000);
    expect(report.attempts).toEqual([]);
  });

  it('backs off exponentially with full jitter between tries', async () => {
    await setUp([{ kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' }], { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 500 });
    await target.listConnectors('default');
    // random() = 0.5 picks the middle of [0, min(max, base * 2^n)).
    expect(slept).toEqual([50, 100, 200, 250]);
  });

  it('gives up after maxAttempts and passes the last status through', async () => {
    await setUp([{ kind: 'unavailable' }, { kind: 'unavailable' }, { kind: 'unavailable' }], { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 });
    const report: CallReport = { attempts: [] };
    const error = await target.deleteConnector('default', 'x', report).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TARGET_UNAVAILABLE', status: 503, message: 'Kibana is not ready' });
    expect(report.attempts.at(-1)).toBe('attempt 3: 503 Service Unavailable, giving up');
    expect(proxy.counts.get(`DELETE ${connectorUrl('x')}`)).toBe(3);
  });

  it('retries a GET that timed out (responseTimeout)', async () => {
    await setUp([{ kind: 'delay', ms: 1_500 }], undefined, '300ms');
    const report: CallReport = { attempts: [] };
    await target.createConnector('default', 'c1', '.slack', write('A'), report);
    expect(report.attempts[0]).toMatch(/^attempt 1: UND_ERR_HEADERS_TIMEOUT.*, retried after/);
    // The delayed create landed late; the GET check or the 409 check found it: still one connector.
    expect(await held()).toEqual(['c1=A']);
  });
});

describe('KibanaTarget never duplicates a create and never loses a delete', () => {
  it('checks with a GET after a lost create answer and treats the found connector as created', async () => {
    await setUp([{ kind: 'loseResponse' }]);
    const report: CallReport = { attempts: [] };
    const created = await target.createConnector('default', 'c1', '.slack', write('A'), report);
    expect(created).toMatchObject({ id: 'c1', name: 'A', connectorTypeId: '.slack' });
    expect(proxy.counts.get(`POST ${connectorUrl('c1')}`)).toBe(1);
    expect(proxy.counts.get(`GET ${connectorUrl('c1')}`)).toBe(1);
    expect(report.attempts).toEqual([
      expect.stringMatching(/^attempt 1: .*, retried after 50ms$/),
      'GET found the connector with the same name and type: the create had happened, treated as done',
    ]);
    expect(await held()).toEqual(['c1=A']);
  });

  it('sends the create again when the GET shows the first one never arrived', async () => {
    await setUp([{ kind: 'drop' }]);
    const report: CallReport = { attempts: [] };
    await target.createConnector('default', 'c1', '.slack', write('A'), report);
    expect(proxy.counts.get(`POST ${connectorUrl('c1')}`)).toBe(2);
    expect(report.attempts[1]).toBe('GET found no connector: the create had not happened, sending it again');
  });

  it('refuses a create whose id turns out to hold someone else\'s connector', async () => {
    await setUp([{ kind: 'unavailable' }]);
    await kibana.testApp.target.createConnector('default', 'c1', '.index', { name: 'Not ours', config: { index: 'x' }, secrets: new SecretValue({}) });
    const error = await target.createConnector('default', 'c1', '.slack', write('A')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_CONFLICT', status: 409 });
    expect(proxy.counts.get(`POST ${connectorUrl('c1')}`)).toBe(1);
  });

  it('counts a 404 after a lost delete answer as done', async () => {
    await setUp([{ kind: 'none' }, { kind: 'loseResponse' }]);
    await target.createConnector('default', 'c1', '.slack', write('A'));
    const report: CallReport = { attempts: [] };
    await target.deleteConnector('default', 'c1', report);
    expect(await held()).toEqual([]);
    expect(proxy.counts.get(`DELETE ${connectorUrl('c1')}`)).toBe(2);
    expect(report.attempts.at(-1)).toBe('the connector was already gone after a lost answer: the delete had happened');
  });

  it('sends a refused create again without a GET check: a refused connection never carried it', async () => {
    await setUp([]);
    const url = proxy.url;
    await proxy.close();
    await target.close();
    target = new KibanaTarget({ url, retry: { maxAttempts: 3 } }, { sleep: async () => undefined });
    const report: CallReport = { attempts: [] };
    const error = await target.createConnector('default', 'c1', '.slack', write('A'), report).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TARGET_UNAVAILABLE', message: expect.stringMatching(/^create connector default\/c1: Kibana at .* could not be reached \(ECONNREFUSED/) });
    expect(report.attempts.map((line) => line.replace(/ after \d+ms/, ''))).toEqual([
      expect.stringMatching(/^attempt 1: ECONNREFUSED.*, retried$/),
      expect.stringMatching(/^attempt 2: ECONNREFUSED.*, retried$/),
      expect.stringMatching(/^attempt 3: ECONNREFUSED.*, giving up$/),
    ]);
  });
});
