import type { ErrorDetail } from '../errors.js';

/** The settings of `store: {type: elasticsearch}` as written (before references are resolved). */
export interface ElasticsearchStoreSettings {
  nodes?: unknown;
  auth?: { apiKey?: string; username?: string; password?: string };
  indexPrefix?: string;
}

/**
 * What the JSON Schema cannot say clearly about an Elasticsearch store: each problem with its
 * JSON pointer, what is wrong, and what is expected. Never quotes a credential.
 */
export function elasticsearchStoreIssues(store: ElasticsearchStoreSettings): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const nodes = Array.isArray(store.nodes) ? store.nodes : [];
  if (nodes.length === 0) issues.push({ path: '/store/nodes', message: 'needs at least one Elasticsearch URL, e.g. [https://es1.example:9200]' });
  nodes.forEach((node, i) => {
    const at = `/store/nodes/${i}`;
    let url: URL;
    try {
      url = new URL(String(node));
    } catch {
      issues.push({ path: at, message: 'is not a URL; expected http(s)://host:port' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') issues.push({ path: at, message: `uses ${url.protocol}; expected http: or https:` });
    if (url.username || url.password) issues.push({ path: at, message: 'has credentials in the URL; expected them under store.auth (as ${env:NAME} references)' });
  });
  if (!/^[a-z0-9][a-z0-9_-]{0,50}$/.test(store.indexPrefix ?? 'kcr')) {
    issues.push({ path: '/store/indexPrefix', message: 'is not a valid index prefix; expected lower-case letters, digits, - and _ (at most 51, not starting with - or _), e.g. kcr' });
  }
  const auth = store.auth;
  if (auth !== undefined) {
    const basic = auth.username !== undefined || auth.password !== undefined;
    if (auth.apiKey !== undefined && basic) issues.push({ path: '/store/auth', message: 'has both apiKey and username/password; expected one of them' });
    else if (auth.apiKey === undefined && !basic) issues.push({ path: '/store/auth', message: 'is empty; expected apiKey, or username and password' });
    else if (basic && auth.username === undefined) issues.push({ path: '/store/auth/username', message: 'is required with password' });
    else if (basic && auth.password === undefined) issues.push({ path: '/store/auth/password', message: 'is required with username' });
  }
  return issues;
}
