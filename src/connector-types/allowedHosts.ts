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
 * Checks every allowedHosts field of one part (config or secrets). URLs in secrets can carry
 * credentials (Slack and xMatters put the key in the URL), so for secrets the messages name
 * only the host name, never the URL.
 */
export function checkAllowedHostsFields(
  fields: readonly AllowedHostsField[],
  part: ConnectorPart,
  values: JsonObject,
  context: HostsContext,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const field of fields) {
    if (field.part !== part) continue;
    const raw = values[field.key];
    const value = typeof raw === 'string' ? raw : raw == null ? field.fallback : undefined;
    if (value === undefined) continue;
    const issue = checkOne(field, value, context);
    if (issue) issues.push(issue);
  }
  return issues;
}

interface HostsContext {
  typeName: string;
  configurationError?: string;
  allowedHosts: readonly string[];
}

function checkOne(field: AllowedHostsField, value: string, context: HostsContext): RuleIssue | undefined {
  const secret = field.part === 'secrets';
  const shown = secret ? '(sensitive)' : value;
  if (field.kind === 'hostname') {
    if (isHostAllowed(value, context.allowedHosts)) return undefined;
    const detail = `target hostname "${value}" is not added to the Kibana config xpack.actions.allowedHosts`;
    return fieldIssue(field.part, field.key, detail, `host "${value}" must be listed in actions.allowedHosts`);
  }
  // The type's own words when it has them; otherwise Kibana's generic ones, which prefix every
  // parse error and a secret URL's refusal, but not a config URL's.
  const typeError = context.configurationError ?? `error configuring ${context.typeName} action`;
  const url = parseUrl(value);
  if (!url || (field.httpOnly && (!['http:', 'https:'].includes(url.protocol) || url.hostname === ''))) {
    const expected = field.httpOnly ? 'an http: or https: URL with a host name' : 'a valid URL';
    const detail = `${typeError}: unable to parse url: TypeError: Invalid URL: ${shown}`;
    return fieldIssue(field.part, field.key, detail, `expected ${expected} but got ${secret ? 'an invalid URL' : `"${value}"`}`);
  }
  if (isHostAllowed(value, context.allowedHosts)) return undefined;
  const hostname = url.hostname.toLowerCase();
  const prefix = secret || context.configurationError ? `${typeError}: ` : '';
  const detail = `${prefix}target ${secret ? `hostname "${hostname}"` : `url "${value}"`} is not added to the Kibana config xpack.actions.allowedHosts`;
  return fieldIssue(field.part, field.key, detail, `host "${hostname}" must be listed in actions.allowedHosts`);
}
