import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { elasticsearchStoreIssues } from '../../config/storeIssues.js';
import { KcrError, type ErrorDetail } from '../../errors.js';

/** `store:` of kcr.yaml for the elasticsearch type (schemas/config.schema.json), before references are resolved. */
export interface ElasticsearchStoreConfig {
  type: 'elasticsearch';
  nodes: string[];
  auth?: { apiKey?: string; username?: string; password?: string };
  caFile?: string;
  /** Default kcr. */
  indexPrefix?: string;
}

/** What the store connects with: credentials resolved, the CA read. Never logged. */
export interface ElasticsearchConnection {
  nodes: string[];
  auth?: { apiKey: string } | { username: string; password: string };
  ca?: string;
  indexPrefix: string;
}

const REFERENCE = /^\$\{(env|file):([^}]+)\}$/;

/**
 * Checks the Elasticsearch store settings and resolves `${env:NAME}` / `${file:PATH}` references
 * in `auth` (as for other secrets), before anything connects: every problem is reported at once
 * in one CONFIG_INVALID, each with the setting's JSON pointer, what is wrong and what is expected.
 * No message ever contains a credential.
 */
export function resolveElasticsearchConnection(store: ElasticsearchStoreConfig, context: { env: Record<string, string | undefined>; cwd: string }): ElasticsearchConnection {
  // Checked again here (loadConfig checks them too): a caller may build the settings itself.
  const issues: ErrorDetail[] = elasticsearchStoreIssues(store);
  const nodes = store.nodes;
  const auth = resolveAuth(store.auth, context, issues);
  let ca: string | undefined;
  if (store.caFile !== undefined) {
    const path = resolve(context.cwd, store.caFile);
    try {
      ca = readFileSync(path, 'utf8');
      if (!ca.includes('-----BEGIN CERTIFICATE-----')) issues.push({ path: '/store/caFile', message: `${path} holds no PEM certificate; expected the CA that signed the cluster's HTTP certificate` });
    } catch (error) {
      issues.push({ path: '/store/caFile', message: `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); expected a PEM CA file` });
    }
  }
  if (issues.length > 0) {
    throw new KcrError('CONFIG_INVALID', `invalid Elasticsearch store configuration, ${issues.length} problem(s):\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`, { errors: issues });
  }
  return { nodes, indexPrefix: store.indexPrefix ?? 'kcr', ...(auth && { auth }), ...(ca !== undefined && { ca }) };
}

function resolveAuth(auth: ElasticsearchStoreConfig['auth'], context: { env: Record<string, string | undefined>; cwd: string }, issues: ErrorDetail[]): ElasticsearchConnection['auth'] {
  if (auth === undefined) return undefined;
  if (auth.apiKey !== undefined) {
    const apiKey = secretValue(auth.apiKey, '/store/auth/apiKey', context, issues);
    return apiKey === undefined ? undefined : { apiKey };
  }
  if (auth.username === undefined || auth.password === undefined) return undefined;
  const username = secretValue(auth.username, '/store/auth/username', context, issues);
  const password = secretValue(auth.password, '/store/auth/password', context, issues);
  return username === undefined || password === undefined ? undefined : { username, password };
}

/** A literal, or the value of a `${env:NAME}` / `${file:PATH}` reference; problems name the variable or file, never a value. */
function secretValue(value: string, at: string, context: { env: Record<string, string | undefined>; cwd: string }, issues: ErrorDetail[]): string | undefined {
  const match = REFERENCE.exec(value);
  if (!match) {
    if (value === '') issues.push({ path: at, message: 'is empty' });
    return value || undefined;
  }
  const [, kind, name] = match;
  if (kind === 'env') {
    const resolved = context.env[name];
    if (!resolved) issues.push({ path: at, message: `environment variable ${name} is not set or empty; expected the credential for \${env:${name}}` });
    return resolved || undefined;
  }
  const path = resolve(context.cwd, name);
  try {
    const resolved = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    if (resolved === '') issues.push({ path: at, message: `file ${path} is empty` });
    return resolved || undefined;
  } catch (error) {
    issues.push({ path: at, message: `file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}
