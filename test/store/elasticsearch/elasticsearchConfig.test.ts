import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/loadConfig.js';
import { resolveElasticsearchConnection, type ElasticsearchStoreConfig } from '../../../src/store/elasticsearch/elasticsearchSettings.js';
import { openElasticsearchStore } from '../../../src/store/elasticsearch/ElasticsearchStore.js';
import { kcrRejection } from '../../helpers/kcrRejection.js';
import { kcrThrow } from '../../helpers/kcrRejection.js';

const KEY = 'ab'.repeat(32);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcr-es-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function configFrom(yaml: string, env: Record<string, string> = {}) {
  writeFileSync(join(dir, 'kcr.yaml'), yaml);
  return loadConfig({ cwd: dir, env });
}

describe('the elasticsearch store in kcr.yaml and KCR_STORE_* variables', () => {
  it('reads nodes, auth, caFile and indexPrefix (default kcr), and keeps --data-dir for local files only', () => {
    const config = configFrom('store: {type: elasticsearch, nodes: [https://es1.example:9200, https://es2.example:9200], auth: {apiKey: "${env:ES_KEY}"}, caFile: ca.pem}\n');
    expect(config.store).toEqual({ type: 'elasticsearch', nodes: ['https://es1.example:9200', 'https://es2.example:9200'], auth: { apiKey: '${env:ES_KEY}' }, caFile: join(dir, 'ca.pem'), indexPrefix: 'kcr' });
    const withDataDir = loadConfig({ cwd: dir, env: {}, dataDir: 'local' });
    expect(withDataDir.store).toMatchObject({ type: 'elasticsearch', dataDir: join(dir, 'local') });
  });

  it('switches the store from the environment alone', () => {
    const env = {
      KCR_STORE_TYPE: 'elasticsearch', KCR_STORE_NODES: 'http://127.0.0.1:9200, http://127.0.0.1:9201', KCR_STORE_USERNAME: 'kcr',
      KCR_STORE_PASSWORD: '${file:es-password}', KCR_STORE_INDEX_PREFIX: 'kcr-prod', KCR_STORE_CA_FILE: '/etc/kcr/ca.pem',
    };
    expect(loadConfig({ cwd: dir, env }).store).toEqual({
      type: 'elasticsearch', nodes: ['http://127.0.0.1:9200', 'http://127.0.0.1:9201'], auth: { username: 'kcr', password: '${file:es-password}' },
      indexPrefix: 'kcr-prod', caFile: '/etc/kcr/ca.pem',
    });
    expect(loadConfig({ cwd: dir, env: { KCR_STORE_TYPE: 'elasticsearch', KCR_STORE_NODES: 'http://h:9200', KCR_STORE_API_KEY: 'k' } }).store).toMatchObject({ auth: { apiKey: 'k' } });
  });

  it('refuses bad settings all at once, each with its path, what is wrong and what is expected', () => {
    const error = kcrThrow(() => configFrom('store: {type: elasticsearch, nodes: [ftp://es.example, not a url, "https://elastic:changeme@es.example:9200"], indexPrefix: KCR, auth: {apiKey: k, username: u}}\n'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.errors).toEqual([
      { path: '/store/nodes/0', message: 'uses ftp:; expected http: or https:' },
      { path: '/store/nodes/1', message: 'is not a URL; expected http(s)://host:port' },
      { path: '/store/nodes/2', message: 'has credentials in the URL; expected them under store.auth (as ${env:NAME} references)' },
      { path: '/store/indexPrefix', message: 'is not a valid index prefix; expected lower-case letters, digits, - and _ (at most 51, not starting with - or _), e.g. kcr' },
      { path: '/store/auth', message: 'has both apiKey and username/password; expected one of them' },
    ]);
    expect(error.message).not.toContain('changeme');
    expect(kcrThrow(() => configFrom('store: {type: elasticsearch, nodes: []}\n')).errors).toEqual([{ path: '/store/nodes', message: 'must NOT have fewer than 1 items' }]);
    expect(kcrThrow(() => configFrom('store: {type: elasticsearch, node: http://es:9200}\n')).errors).toEqual([
      { path: '/store/nodes', message: 'is required' },
      { path: '/store/node', message: 'is not a known setting here' },
    ]);
    expect(kcrThrow(() => configFrom('store: {type: elasticsearch, nodes: [http://es:9200], auth: {password: p}}\n')).errors).toEqual([
      { path: '/store/auth/username', message: 'is required with password' },
    ]);
    writeFileSync(join(dir, 'kcr.yaml'), '');
    expect(kcrThrow(() => loadConfig({ cwd: dir, env: { KCR_STORE_TYPE: 'elasticsearch', KCR_STORE_NODES: 'es:9200' } })).errors).toEqual([
      { path: '/store/nodes/0', message: 'uses es:; expected http: or https: (from KCR_STORE_NODES)' },
    ]);
  });

  it('resolves ${env:} and ${file:} credentials, naming the variable or file that is missing but never a value', () => {
    writeFileSync(join(dir, 'password'), 'from-file\n');
    const store: ElasticsearchStoreConfig = { type: 'elasticsearch', nodes: ['http://es:9200'], indexPrefix: 'kcr', auth: { username: '${env:ES_USER}', password: '${file:password}' } };
    expect(resolveElasticsearchConnection(store, { env: { ES_USER: 'kcr' }, cwd: dir }).auth).toEqual({ username: 'kcr', password: 'from-file' });
    const error = kcrThrow(() => resolveElasticsearchConnection(
      { ...store, auth: { apiKey: '${env:ES_API_KEY}' }, caFile: 'missing-ca.pem' }, { env: {}, cwd: dir },
    ));
    expect(error.errors).toEqual([
      { path: '/store/auth/apiKey', message: 'environment variable ES_API_KEY is not set or empty; expected the credential for ${env:ES_API_KEY}' },
      { path: '/store/caFile', message: `${join(dir, 'missing-ca.pem')} cannot be read (ENOENT); expected a PEM CA file` },
    ]);
    writeFileSync(join(dir, 'ca.pem'), 'not a certificate');
    expect(kcrThrow(() => resolveElasticsearchConnection({ ...store, caFile: 'ca.pem' }, { env: { ES_USER: 'kcr' }, cwd: dir })).errors?.[0].path).toBe('/store/caFile');
  });
});

describe('opening an elasticsearch store', () => {
  let server: Server | undefined;
  let connections = 0;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** A loopback port that counts connections and resets each one (a cluster that is not there). */
  async function resettingPort(): Promise<string> {
    connections = 0;
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it('refuses to start without KCR_ENCRYPTION_KEY, or with a malformed one, before connecting', async () => {
    const node = await resettingPort();
    const missing = await kcrRejection(openElasticsearchStore({ nodes: [node], indexPrefix: 'kcr' }));
    expect(missing.code).toBe('CONFIG_INVALID');
    expect(missing.message).toContain('KCR_ENCRYPTION_KEY');
    const malformed = await kcrRejection(openElasticsearchStore({ nodes: [node], indexPrefix: 'kcr', encryptionKey: 'short' }));
    expect(malformed.message).toMatch(/KCR_ENCRYPTION_KEY must be a 32-byte key/);
    expect(connections).toBe(0);
  });

  it('retries an unreachable cluster a few times, then answers STORE_UNAVAILABLE saying a retry can help', async () => {
    const node = await resettingPort();
    const error = await kcrRejection(openElasticsearchStore({ nodes: [node], indexPrefix: 'kcr', encryptionKey: KEY }));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(error.attributes).toEqual({ retryable: true });
    expect(error.message).toMatch(/^the Elasticsearch store could not read the schema version: .*\(Elasticsearch is unreachable or busy; retry the request\)$/);
    // The first try and five retries with backoff; bounded, never forever.
    expect(connections).toBe(6);
  });
});
