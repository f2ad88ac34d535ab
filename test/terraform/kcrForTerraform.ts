import YAML from 'yaml';
import { hashSecret } from '../../src/security/secretHash.js';
import type { KcrEvent } from '../../src/model/events.js';
import { startKcrServer, type KcrServer } from '../cli/remote/kcrServer.js';
import type { KibanaCredentials } from './terraformTools.js';

/** Cheap scrypt parameters: the suite verifies credentials, it does not benchmark them. */
const FAST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export const API_KEY_PRINCIPAL = { name: 'terraform-ci', apiKeyId: 'tf-ci-key', secret: 'tf-ci-secret-9d1f' };
export const BASIC_PRINCIPAL = { name: 'terraform-operator', username: 'tf-operator', password: 'tf-operator-pass-4c2e' };

/** The provider's `api_key` is Kibana's encoded key: base64("id:secret"). */
export const API_KEY_CREDENTIALS: KibanaCredentials = { apiKey: Buffer.from(`${API_KEY_PRINCIPAL.apiKeyId}:${API_KEY_PRINCIPAL.secret}`).toString('base64') };
export const BASIC_CREDENTIALS: KibanaCredentials = { username: BASIC_PRINCIPAL.username, password: BASIC_PRINCIPAL.password };

export interface KcrForTerraform extends KcrServer {
  /** Every event of a space, oldest first, read over kcr's own API. */
  events(space: string): Promise<KcrEvent[]>;
  /** GET a Kibana-API path with the API-key principal; the parsed JSON body and status. */
  kibanaGet(path: string): Promise<{ status: number; body: unknown }>;
}

/**
 * `kcr serve` (embedded store) with two principals, both with `all` on every space: one with an
 * API key, one with a username and password. `allowedHosts` as Kibana's xpack.actions.allowedHosts;
 * `managedConnectorWrites: allow` lets the Kibana API write connectors a manifest set owns.
 */
export async function startKcrForTerraform(options: { allowedHosts?: string[]; managedConnectorWrites?: 'allow' } = {}): Promise<KcrForTerraform> {
  const principals = [
    { name: API_KEY_PRINCIPAL.name, apiKeyId: API_KEY_PRINCIPAL.apiKeyId, secretHash: await hashSecret(API_KEY_PRINCIPAL.secret, FAST_SCRYPT), privileges: { '*': 'all' } },
    { name: BASIC_PRINCIPAL.name, username: BASIC_PRINCIPAL.username, secretHash: await hashSecret(BASIC_PRINCIPAL.password, FAST_SCRYPT), privileges: { '*': 'all' } },
  ];
  const config: Record<string, unknown> = { principals };
  if (options.allowedHosts) config.actions = { allowedHosts: options.allowedHosts };
  if (options.managedConnectorWrites) config.managedConnectorWrites = options.managedConnectorWrites;
  const server = await startKcrServer({ configYaml: YAML.stringify(config) });
  const authorization = `ApiKey ${(API_KEY_CREDENTIALS as { apiKey: string }).apiKey}`;
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization } });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  return {
    ...server,
    async events(space) {
      const { status, body } = await get(`/api/reconciler/events?space=${encodeURIComponent(space)}&limit=1000`);
      if (status !== 200) throw new Error(`GET events answered ${status}: ${JSON.stringify(body)}`);
      return [...(body as { items: KcrEvent[] }).items].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
    },
    kibanaGet: get,
  };
}
