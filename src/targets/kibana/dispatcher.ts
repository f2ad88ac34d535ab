import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { ActionsSettings } from '../../config/types.js';
import { KcrError } from '../../errors.js';
import { parseDuration, type KibanaTargetOptions } from './options.js';

type VerificationMode = 'none' | 'certificate' | 'full';

/** How kcr connects to one Kibana, decided once from the options (pure, so it can be tested as data). */
export interface ConnectionPlan {
  /** The proxy URL to tunnel through, or null to connect directly. */
  proxyUrl: string | null;
  proxyHeaders: Record<string, string>;
  verificationMode: VerificationMode;
  proxyVerificationMode: VerificationMode;
  /** Extra trusted CAs (PEM), from `caFile` and the matching `customHostSettings` entry. */
  ca: string[];
  timeoutMs: number;
  /** Settings that were set but could not apply, for a start-up log line (never secrets). */
  warnings: string[];
}

/** `protocol//host:port` with the default port filled in, as Kibana canonicalises `customHostSettings` URLs. */
export function canonicalOrigin(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'smtp:' ? '25' : '80');
  return `${url.protocol}//${url.hostname}:${port}`;
}

function customHostFor(actions: ActionsSettings, kibana: URL): ActionsSettings['customHostSettings'][number] | undefined {
  const origin = canonicalOrigin(kibana);
  // Kibana: when two entries share a URL, the first wins.
  return actions.customHostSettings.find((entry) => {
    try {
      return canonicalOrigin(new URL(entry.url)) === origin;
    } catch {
      return false;
    }
  });
}

function decideProxy(actions: ActionsSettings, hostname: string, warnings: string[]): string | null {
  if (!actions.proxyUrl) return null;
  const bypass = actions.proxyBypassHosts ?? [];
  let only = actions.proxyOnlyHosts ?? [];
  if (bypass.length > 0 && only.length > 0) {
    warnings.push('actions.proxyOnlyHosts is ignored because actions.proxyBypassHosts is set');
    only = [];
  }
  if (bypass.includes(hostname)) return null;
  if (only.length > 0 && !only.includes(hostname)) return null;
  return actions.proxyUrl;
}

function readCaFiles(files: string | string[] | undefined): string[] {
  const list = files === undefined ? [] : Array.isArray(files) ? files : [files];
  return list.map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new KcrError('CONFIG_INVALID', `cannot read CA file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  });
}

/**
 * Decides proxy, TLS verification and CAs for the Kibana URL. Precedence for verification:
 * the `customHostSettings` entry for Kibana's origin, then the target's `insecure`, then
 * `actions.ssl.verificationMode` (the most specific setting wins).
 */
export function planConnection(options: Pick<KibanaTargetOptions, 'url' | 'caFile' | 'insecure' | 'actions'>): ConnectionPlan {
  const kibana = new URL(options.url);
  const warnings: string[] = [];
  const { actions } = options;
  const custom = customHostFor(actions, kibana);
  const verificationMode: VerificationMode =
    custom?.ssl?.verificationMode ?? (options.insecure ? 'none' : actions.ssl.verificationMode);
  const ca = [
    ...readCaFiles(options.caFile),
    ...readCaFiles(custom?.ssl?.certificateAuthoritiesFiles),
    ...(custom?.ssl?.certificateAuthoritiesData ? [custom.ssl.certificateAuthoritiesData] : []),
  ];
  if (actions.proxyUrl) {
    try {
      new URL(actions.proxyUrl);
    } catch {
      // Kibana only warns about an invalid proxyUrl; kcr does the same and connects directly.
      warnings.push('actions.proxyUrl is not a valid URL; connecting directly');
      return { proxyUrl: null, proxyHeaders: {}, verificationMode, proxyVerificationMode: 'full', ca, timeoutMs: parseDuration(actions.responseTimeout), warnings };
    }
  }
  return {
    proxyUrl: decideProxy(actions, kibana.hostname, warnings),
    proxyHeaders: actions.proxyHeaders ?? {},
    verificationMode,
    proxyVerificationMode: actions.ssl.proxyVerificationMode ?? actions.ssl.verificationMode,
    ca,
    timeoutMs: parseDuration(actions.responseTimeout),
    warnings,
  };
}

/** Node TLS options for one verification mode: `certificate` checks the chain but not the hostname. */
export function tlsOptions(mode: VerificationMode, ca: string[]): ConnectionOptions {
  const base: ConnectionOptions = ca.length > 0 ? { ca } : {};
  if (mode === 'none') return { ...base, rejectUnauthorized: false };
  if (mode === 'certificate') return { ...base, rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { ...base, rejectUnauthorized: true };
}

/** Builds the keep-alive undici dispatcher (a direct `Agent` or a tunnelling `ProxyAgent`) for a plan. */
export function buildDispatcher(plan: ConnectionPlan, concurrency: number): Dispatcher {
  const common = {
    connections: concurrency,
    keepAliveTimeout: 30_000,
    headersTimeout: plan.timeoutMs,
    bodyTimeout: plan.timeoutMs,
  };
  const requestTls = tlsOptions(plan.verificationMode, plan.ca);
  if (plan.proxyUrl) {
    return new ProxyAgent({
      ...common,
      uri: plan.proxyUrl,
      headers: plan.proxyHeaders,
      requestTls,
      proxyTls: tlsOptions(plan.proxyVerificationMode, []),
    });
  }
  return new Agent({ ...common, connect: requestTls });
}
