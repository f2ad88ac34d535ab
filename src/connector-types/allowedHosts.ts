import type { JsonObject } from '../model/json.js';
import { fieldIssue, type AllowedHostsField, type ConnectorPart, type RuleIssue } from './spec.js';

/**
 * Kibana's allowedHosts check: true when the list holds `*` or the host name of `urlOrHost`
 * (a URL such as `https://hooks.slack.com/x`, or a bare host name such as `smtp.example.com`).
 * Host names compare case-insensitively; a value that is neither a URL nor a host name is never allowed.
 */
export function isHostAllowed(urlOrHost: string, allowedHosts: readonly string[]): boolean {
  if (allowedHosts.includes('*')) return true;
  const hostname = hostnameOf(urlOrHost);
  if (hostname === undefined) return false;
  return allowedHosts.some((allowed) => allowed.toLowerCase() === hostname);
}

/** The lower-cased host name of a URL or a bare host name; undefined when it has none. */
export function hostnameOf(urlOrHost: string): string | undefined {
  if (urlOrHost.includes('://')) {
    const url = parseUrl(urlOrHost);
    return url && url.hostname !== '' ? url.hostname.toLowerCase() : undefined;
  }
  const host = urlOrHost.trim().toLowerCase();
  return /^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$/.test(host) ? host : undefined;
}

/** `new URL` that answers undefined instead of throwing. */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Checks every allowedHosts field of one part (config or secrets), in the type's order, with the
 * type's words. URLs in secrets can carry credentials (Slack, Teams and xMatters put the key in
 * the URL), so where Kibana would quote a secret URL kcr names only its host name
 * (`target hostname "x" is not added ...`, Kibana's own wording for a host-name check).
 */
export function checkAllowedHostsFields(fields: readonly AllowedHostsField[], part: ConnectorPart, values: JsonObject, allowedHosts: readonly string[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const field of fields) {
    if (field.part !== part) continue;
    const raw = values[field.key];
    const value = typeof raw === 'string' && raw !== '' ? raw : raw == null || raw === '' ? field.fallback : undefined;
    if (value === undefined) continue;
    const issue = checkOne(field, value, allowedHosts);
    if (issue) issues.push(issue);
  }
  return issues;
}

const NOT_ADDED = 'is not added to the Kibana config xpack.actions.allowedHosts';

function checkOne(field: AllowedHostsField, value: string, allowedHosts: readonly string[]): RuleIssue | undefined {
  const secret = field.part === 'secrets';
  const url = parseUrl(value);
  if (field.check === 'parsed' && !url) {
    return fieldIssue(field.part, field.key, field.parseError ?? `${field.prefix}unable to parse url: TypeError: Invalid URL`, `expected a valid URL but got ${secret ? 'an invalid URL' : `"${value}"`}`);
  }
  if (field.check === 'assertUrl') {
    const problem = !url ? 'Invalid URL' : url.hostname === '' ? 'URL must contain hostname' : !['http:', 'https:'].includes(url.protocol) ? 'Invalid protocol' : undefined;
    if (problem) return fieldIssue(field.part, field.key, `${field.prefix}URL Error: ${problem}`, `expected an http: or https: URL with a host name but got "${value}"`);
  }
  if (isHostAllowed(value, allowedHosts)) return undefined;
  const hostname = url?.hostname.toLowerCase() ?? '';
  const within = field.check === 'assertUrl' ? 'error validating url: ' : '';
  const target = secret ? `target hostname "${hostname}"` : `target url "${value}"`;
  const message = url ? `host "${hostname}" must be listed in actions.allowedHosts` : `expected a URL whose host is listed in actions.allowedHosts but got ${secret ? 'an invalid URL' : `"${value}"`}`;
  return fieldIssue(field.part, field.key, `${field.prefix}${within}${target} ${NOT_ADDED}`, message);
}
