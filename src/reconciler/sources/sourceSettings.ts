import { readFileSync } from 'node:fs';
import { isAbsolute, normalize, resolve } from 'node:path';
import type { KcrConfig, SourceConfig } from '../../config/types.js';
import { KcrError, type ErrorDetail } from '../../errors.js';
import { SecretValue } from '../../secrets/SecretValue.js';

/** Defaults of a source and of the drift schedule (README, GitOps). */
export const SOURCE_DEFAULTS = { ref: 'main', path: '.', interval: 60_000, mode: 'plan', username: 'x-access-token' } as const;

/** A source with every default applied and its token resolved: what the sync engine runs on. */
export interface SourceSettings {
  name: string;
  set: string;
  /** The URL as configured (the schema refuses credentials in it). */
  url: string;
  ref: string;
  /** Inside the repository, normalized, never leaving it. */
  path: string;
  intervalMs: number;
  mode: 'plan' | 'apply';
  selfHeal: boolean;
  allowEmpty: boolean;
  maxDeletes?: number;
  /** `Authorization` header value for https, never logged (SecretValue). */
  authorization?: SecretValue<string>;
  sshKeyFile?: string;
}

/** What resolving references needs: the environment the process was given, and the folder relative paths start from. */
export interface SettingsContext {
  env: Record<string, string | undefined>;
  cwd: string;
}

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `200ms`, `30s`, `5m`, `1h`, or a number of milliseconds. */
export function durationMs(value: string | number, at: string): number {
  if (typeof value === 'number') return value;
  const match = DURATION.exec(value);
  const ms = match ? Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']) : NaN;
  if (!(ms >= 1)) throw invalid([{ path: at, message: `"${value.slice(0, 40)}" is not a duration like 200ms, 30s or 5m` }]);
  return ms;
}

/** The drift schedule's interval, or null when there is none (SPEC section 8: `drift: {interval: null}` by default). */
export function driftIntervalMs(config: KcrConfig): number | null {
  const interval = config.drift?.interval;
  return interval === undefined || interval === null ? null : durationMs(interval, '/drift/interval');
}

/**
 * Every source of the configuration with its defaults, checked beyond what the schema can say
 * (unique names and sets, a path that stays inside the repository, no credentials in the URL,
 * a token reference that resolves). Every problem is reported at once as CONFIG_INVALID; no
 * message ever holds a token.
 */
export function readSourceSettings(config: KcrConfig, context: SettingsContext): SourceSettings[] {
  const issues: ErrorDetail[] = [];
  const settings = (config.sources ?? []).map((source, index) => oneSource(source, `/sources/${index}`, context, issues));
  const seen = new Map<string, string>();
  settings.forEach((source, index) => {
    for (const [kind, value] of [['name', source.name], ['set', source.set]] as const) {
      const key = `${kind}:${value}`;
      const first = seen.get(key);
      if (first) issues.push({ path: `/sources/${index}/${kind}`, message: `${kind} "${value}" is already used by ${first}; two sources cannot share a ${kind}` });
      else seen.set(key, `/sources/${index}`);
    }
  });
  if (issues.length > 0) throw invalid(issues);
  return settings;
}

function oneSource(source: SourceConfig, at: string, context: SettingsContext, issues: ErrorDetail[]): SourceSettings {
  const { git } = source;
  if (/^https?:\/\/[^/]*@/i.test(git.url)) issues.push({ path: `${at}/git/url`, message: 'must not hold credentials; put the token in git.token as ${env:NAME} or ${file:PATH}' });
  const path = normalize(git.path ?? SOURCE_DEFAULTS.path);
  if (isAbsolute(path) || path === '..' || path.startsWith('../')) issues.push({ path: `${at}/git/path`, message: `"${git.path}" leaves the repository; expected a folder or file inside it` });
  if (git.token !== undefined && !/^https?:\/\//i.test(git.url)) issues.push({ path: `${at}/git/token`, message: 'a token is sent only over http(s) URLs' });
  const settings: SourceSettings = {
    name: source.name,
    set: source.set ?? source.name,
    url: git.url,
    ref: git.ref ?? SOURCE_DEFAULTS.ref,
    path,
    intervalMs: safeDuration(source.interval ?? SOURCE_DEFAULTS.interval, `${at}/interval`, issues),
    mode: source.mode ?? SOURCE_DEFAULTS.mode,
    selfHeal: source.selfHeal ?? false,
    allowEmpty: source.allowEmpty ?? false,
    maxDeletes: source.maxDeletes,
    sshKeyFile: git.sshKeyFile === undefined ? undefined : resolve(context.cwd, git.sshKeyFile),
  };
  if (git.token !== undefined) {
    const token = resolveReference(git.token, `${at}/git/token`, context, issues);
    if (token !== undefined) settings.authorization = new SecretValue(`Basic ${Buffer.from(`${git.username ?? SOURCE_DEFAULTS.username}:${token}`).toString('base64')}`);
  }
  return settings;
}

function safeDuration(value: string | number, at: string, issues: ErrorDetail[]): number {
  try {
    return durationMs(value, at);
  } catch (error) {
    issues.push(...((error as KcrError).errors ?? []));
    return SOURCE_DEFAULTS.interval;
  }
}

/** `${env:NAME}` or `${file:PATH}`; the problem names the variable or file, never a value. */
function resolveReference(reference: string, at: string, context: SettingsContext, issues: ErrorDetail[]): string | undefined {
  const match = /^\$\{(env|file):([^}]+)\}$/.exec(reference);
  if (!match) {
    issues.push({ path: at, message: 'must be a ${env:NAME} or ${file:PATH} reference, never a literal token' });
    return undefined;
  }
  const [, kind, name] = match;
  if (kind === 'env') {
    const value = context.env[name];
    if (!value) issues.push({ path: at, message: `environment variable ${name} is not set or empty; expected the token for \${env:${name}}` });
    return value || undefined;
  }
  const file = resolve(context.cwd, name);
  try {
    const value = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (value === '') issues.push({ path: at, message: `token file ${file} is empty` });
    return value || undefined;
  } catch (error) {
    issues.push({ path: at, message: `token file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}

function invalid(issues: ErrorDetail[]): KcrError {
  return new KcrError('CONFIG_INVALID', `invalid sources configuration, ${issues.length} problem(s):\n${issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`, { errors: issues });
}
