import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionsSettings } from '../../../src/config/types.js';
import { KcrError } from '../../../src/errors.js';
import { planConnection } from '../../../src/targets/kibana/dispatcher.js';
import { KibanaTarget } from '../../../src/targets/kibana/KibanaTarget.js';
import { parseDuration, type KibanaTargetInput } from '../../../src/targets/kibana/options.js';
import { startFakeKibana, type FakeKibana } from './fakeKibana.js';

const actions = (settings: Partial<ActionsSettings> = {}): ActionsSettings => ({
  enabledActionTypes: ['*'], allowedHosts: ['*'], email: { domain_allowlist: [] }, proxyUrl: null,
  customHostSettings: [], ssl: { verificationMode: 'full' }, responseTimeout: '60s', ...settings,
});

describe('planConnection: xpack.actions settings applied to the Kibana connection', () => {
  it.each([
    ['no proxy by default', {}, null, []],
    ['the proxy for Kibana\'s host', { proxyUrl: 'http://proxy:3128' }, 'http://proxy:3128', []],
    ['no proxy for a bypassed host', { proxyUrl: 'http://proxy:3128', proxyBypassHosts: ['kibana.internal'] }, null, []],
    ['no proxy for a host outside proxyOnlyHosts', { proxyUrl: 'http://proxy:3128', proxyOnlyHosts: ['other'] }, null, []],
    ['the proxy for a host in proxyOnlyHosts', { proxyUrl: 'http://proxy:3128', proxyOnlyHosts: ['kibana.internal'] }, 'http://proxy:3128', []],
    ['proxyOnlyHosts ignored, with a warning, when proxyBypassHosts is set too',
      { proxyUrl: 'http://proxy:3128', proxyBypassHosts: ['elsewhere'], proxyOnlyHosts: ['other'] }, 'http://proxy:3128',
      ['actions.proxyOnlyHosts is ignored because actions.proxyBypassHosts is set']],
    ['a direct connection, with a warning, for an invalid proxyUrl', { proxyUrl: 'not a url' }, null, ['actions.proxyUrl is not a valid URL; connecting directly']],
  ])('%s', (_what, settings, proxyUrl, warnings) => {
    const plan = planConnection({ url: 'https://kibana.internal:5601', actions: actions(settings) });
    expect([plan.proxyUrl, plan.warnings]).toEqual([proxyUrl, warnings]);
  });

  it.each([
    ['the global mode', {}, false, 'full'],
    ['insecure over the global mode', {}, true, 'none'],
    ['the matching customHostSettings entry over insecure', { customHostSettings: [{ url: 'https://kibana.internal:443/ignored/path', ssl: { verificationMode: 'certificate' as const } }] }, true, 'certificate'],
    ['the first of two entries for one origin', { customHostSettings: [
      { url: 'https://kibana.internal', ssl: { verificationMode: 'none' as const } },
      { url: 'https://kibana.internal:443', ssl: { verificationMode: 'full' as const } },
    ] }, false, 'none'],
    ['no entry for another port', { ssl: { verificationMode: 'certificate' as const }, customHostSettings: [{ url: 'https://kibana.internal:8443', ssl: { verificationMode: 'none' as const } }] }, false, 'certificate'],
  ])('verification: %s', (_what, settings, insecure, mode) => {
    expect(planConnection({ url: 'https://kibana.internal/', insecure, actions: actions(settings) }).verificationMode).toBe(mode);
  });

  it('passes proxyHeaders and turns responseTimeout into milliseconds', () => {
    const plan = planConnection({ url: 'http://k', actions: actions({ proxyUrl: 'http://p:1', proxyHeaders: { 'x-team': 'ops' }, responseTimeout: '1m' }) });
    expect([plan.proxyHeaders, plan.timeoutMs]).toEqual([{ 'x-team': 'ops' }, 60_000]);
  });

  it.each([['500ms', 500], ['60s', 60_000], ['1m', 60_000], ['2h', 7_200_000], ['250', 250], ['1.5s', 1500]])('parses the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('refuses a duration it cannot read, naming the setting', () => {
    expect(() => parseDuration('soon')).toThrow(/actions\.responseTimeout: "soon" is not a duration/);
  });
});

/* A real HTTPS "Kibana" with a self-signed certificate for kibana.test only, reached at 127.0.0.1. */
describe('TLS verification modes against a self-signed HTTPS server', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let caPem: string;
  let target: KibanaTarget | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kcr-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=kibana.test',
      '-addext', 'subjectAltName=DNS:kibana.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    caPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: caPem }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await target?.close();
    target = undefined;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const list = (input: Partial<KibanaTargetInput>) => {
    target = new KibanaTarget({ url, retry: { maxAttempts: 2 }, ...input }, { sleep: async () => undefined });
    return target.listConnectors('default');
  };

  it.each([
    ['full, without the CA', {}, /self.signed certificate/i],
    ['full, with the CA but another hostname', { caFile: 'cert.pem' }, /ERR_TLS_CERT_ALTNAME_INVALID|does not match/],
    ['certificate, without the CA', { actions: { ssl: { verificationMode: 'certificate' as const } } }, /self.signed certificate/i],
  ])('refuses %s', async (_what, input, reason) => {
    const options = 'caFile' in input ? { caFile: join(dir, 'cert.pem') } : input;
    const error = await list(options).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(KcrError);
    expect((error as KcrError).code).toBe('TARGET_UNAVAILABLE');
    expect((error as KcrError).message).toMatch(reason);
  });

  it.each([
    ['none (the global setting)', () => ({ actions: { ssl: { verificationMode: 'none' as const } } })],
    ['insecure: true', () => ({ insecure: true })],
    ['certificate, with the CA from the host\'s customHostSettings', () => ({
      actions: { customHostSettings: [{ url, ssl: { verificationMode: 'certificate' as const, certificateAuthoritiesData: caPem } }] },
    })],
    ['certificate, with the CA from caFile', () => ({ caFile: join(dir, 'cert.pem'), actions: { ssl: { verificationMode: 'certificate' as const } } })],
  ])('connects with %s', async (_what, input) => {
    expect(await list(input())).toEqual([]);
  });
});

/* A forward proxy that tunnels CONNECT requests and records what it saw. */
describe('proxyUrl, proxyHeaders and proxyBypassHosts', () => {
  let kibana: FakeKibana;
  let proxy: Server;
  let proxyUrl: string;
  const tunnels: Array<{ target: string; team: string | undefined }> = [];
  let target: KibanaTarget | undefined;

  beforeAll(async () => {
    kibana = await startFakeKibana();
    proxy = createHttpServer();
    proxy.on('connect', (req, client, head) => {
      tunnels.push({ target: req.url ?? '', team: req.headers['x-team'] as string | undefined });
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await target?.close();
    target = undefined;
    tunnels.length = 0;
  });

  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await kibana.close();
  });

  it('tunnels through the proxy with the proxy headers, which never reach Kibana', async () => {
    target = new KibanaTarget({ url: kibana.url, actions: { proxyUrl, proxyHeaders: { 'x-team': 'ops' } } });
    await target.listConnectors('default');
    const kibanaHost = new URL(kibana.url).host;
    expect(tunnels).toEqual([{ target: kibanaHost, team: 'ops' }]);
    expect(kibana.requests.at(-1)?.headers['x-team']).toBeUndefined();
  });

  it('connects directly to a host in proxyBypassHosts', async () => {
    target = new KibanaTarget({ url: kibana.url, actions: { proxyUrl, proxyBypassHosts: ['127.0.0.1'] } });
    await target.listConnectors('default');
    expect(tunnels).toEqual([]);
  });
});
