import { createHmac, randomBytes } from 'node:crypto';
import type { PrincipalConfig } from '../config/types.js';
import { KcrError } from '../errors.js';
import { SecretValue } from '../secrets/SecretValue.js';
import { hashSecret, parseSecretHash, verifySecret } from './secretHash.js';

/** A space privilege: `read` (get, list, plan, drift, show, events) or `all` (plus create, update, delete, apply). */
export type SpacePrivilege = 'read' | 'all';

/** Who made a request, once authenticated. Carries no credential. */
export interface Principal {
  name: string;
  /** space id or `*` -> privilege */
  privileges: Readonly<Record<string, SpacePrivilege>>;
  /** Breaks locks, reads every space and /metrics. */
  admin: boolean;
}

/** Credentials presented in an `Authorization` header. The secret stays wrapped until verification. */
export interface PresentedCredentials {
  scheme: 'ApiKey' | 'Basic' | 'Bearer';
  id: string;
  secret: SecretValue<string>;
}

/** The one message of every authentication failure: it never says which part was wrong. */
export const UNAUTHENTICATED_MESSAGE = 'Unauthorized: missing or invalid credentials';

/** The challenge sent with every 401: Basic lets a browser prompt for the web page; ApiKey and Bearer are what API clients send. */
export const WWW_AUTHENTICATE = 'Basic realm="kcr", charset="UTF-8", ApiKey, Bearer realm="kcr"';

/** The 401 error, identical for a missing header, a malformed one, an unknown id and a wrong secret. */
export function unauthenticated(): KcrError {
  return new KcrError('UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE);
}

/**
 * Parses `ApiKey base64(id:key)` (as Kibana and Elasticsearch take API keys), `Basic
 * base64(user:password)`, or `Bearer <tokenId>.<secret>` (the Terraform provider's `bearer_token`,
 * a token made by `kcr principal add --token`). Returns null for anything else: the caller answers
 * 401 either way.
 */
export function parseAuthorization(header: string | undefined): PresentedCredentials | null {
  if (!header || header.length > 4096) return null;
  const bearer = /^Bearer[ ]+([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,512})\s*$/i.exec(header);
  if (bearer) return { scheme: 'Bearer', id: bearer[1]!, secret: new SecretValue(bearer[2]!) };
  const match = /^(ApiKey|Basic)[ ]+([A-Za-z0-9+/_-]+={0,2})\s*$/i.exec(header);
  if (!match) return null;
  const scheme = match[1]!.toLowerCase() === 'apikey' ? 'ApiKey' : 'Basic';
  const decoded = Buffer.from(match[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { scheme, id: decoded.slice(0, colon), secret: new SecretValue(decoded.slice(colon + 1)) };
}

interface CacheEntry {
  principal: Principal;
  expiresAt: number;
}

export interface AuthenticatorOptions {
  /** How long a verified credential skips scrypt (default 60 s). A removed principal needs a restart anyway. */
  cacheTtlMs?: number;
  /** At most this many cached credentials (default 1000); the oldest goes first. */
  cacheSize?: number;
  now?: () => number;
}

/**
 * Verifies presented credentials against the principals of kcr.yaml. Verified credentials are
 * cached under an HMAC of the presented secret (with a per-process key, so the cache holds
 * nothing reusable) for a short TTL, so scrypt runs once per client rather than once per request.
 */
export class PrincipalAuthenticator {
  readonly #byApiKeyId = new Map<string, { principal: Principal; secretHash: string }>();
  readonly #byUsername = new Map<string, { principal: Principal; secretHash: string }>();
  readonly #byTokenId = new Map<string, { principal: Principal; secretHash: string }>();
  readonly #cache = new Map<string, CacheEntry>();
  readonly #cacheKey = randomBytes(32);
  readonly #ttlMs: number;
  readonly #size: number;
  readonly #now: () => number;
  #decoyHash: Promise<string> | undefined;

  constructor(principals: readonly PrincipalConfig[], options: AuthenticatorOptions = {}) {
    this.#ttlMs = options.cacheTtlMs ?? 60_000;
    this.#size = options.cacheSize ?? 1000;
    this.#now = options.now ?? Date.now;
    for (const config of principals) this.#register(config);
  }

  /** False when kcr.yaml lists no principals: authentication is off (loopback only). */
  get enabled(): boolean {
    return this.#byApiKeyId.size + this.#byUsername.size + this.#byTokenId.size > 0;
  }

  /** The principal of a credential verified within the TTL, without running scrypt; undefined otherwise. */
  cached(header: string | undefined): Principal | undefined {
    const presented = parseAuthorization(header);
    return presented ? this.#fromCache(this.#cacheKeyOf(presented)) : undefined;
  }

  /** The principal the header proves, or KcrError UNAUTHENTICATED. */
  async authenticate(header: string | undefined): Promise<Principal> {
    const presented = parseAuthorization(header);
    if (!presented) throw unauthenticated();
    const cacheKey = this.#cacheKeyOf(presented);
    const cached = this.#fromCache(cacheKey);
    if (cached) return cached;

    const entry = this.#registry(presented.scheme).get(presented.id);
    // An unknown id still costs one scrypt, against a decoy, so timing does not tell which ids exist.
    const ok = await verifySecret(presented.secret.reveal(), entry?.secretHash ?? (await this.#decoy()));
    if (!entry || !ok) throw unauthenticated();
    this.#remember(cacheKey, entry.principal);
    return entry.principal;
  }

  #cacheKeyOf(presented: PresentedCredentials): string {
    return createHmac('sha256', this.#cacheKey).update(`${presented.scheme}\0${presented.id}\0${presented.secret.reveal()}`).digest('base64');
  }

  #fromCache(cacheKey: string): Principal | undefined {
    const cached = this.#cache.get(cacheKey);
    if (cached && cached.expiresAt > this.#now()) return cached.principal;
    if (cached) this.#cache.delete(cacheKey);
    return undefined;
  }

  #register(config: PrincipalConfig): void {
    const where = `principals[name=${config.name}]`;
    if (!parseSecretHash(config.secretHash)) {
      throw new KcrError('CONFIG_INVALID', `${where}.secretHash is not a scrypt hash (scrypt$N$r$p$salt$hash); create one with \`kcr principal add\``);
    }
    const kinds = (['apiKeyId', 'username', 'tokenId'] as const).filter((key) => typeof config[key] === 'string' && config[key].length > 0);
    if (kinds.length !== 1) throw new KcrError('CONFIG_INVALID', `${where} needs exactly one of apiKeyId, username or tokenId`);
    const kind = kinds[0]!;
    const principal: Principal = Object.freeze({ name: config.name, privileges: Object.freeze({ ...config.privileges }), admin: config.admin === true });
    const map = this.#registry(kind === 'apiKeyId' ? 'ApiKey' : kind === 'username' ? 'Basic' : 'Bearer');
    const id = config[kind]!;
    if (map.has(id)) throw new KcrError('CONFIG_INVALID', `${where}: ${kind} "${id}" is used by another principal`);
    map.set(id, { principal, secretHash: config.secretHash });
  }

  #registry(scheme: PresentedCredentials['scheme']): Map<string, { principal: Principal; secretHash: string }> {
    return scheme === 'ApiKey' ? this.#byApiKeyId : scheme === 'Basic' ? this.#byUsername : this.#byTokenId;
  }

  #remember(cacheKey: string, principal: Principal): void {
    if (this.#cache.size >= this.#size) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(cacheKey, { principal, expiresAt: this.#now() + this.#ttlMs });
  }

  #decoy(): Promise<string> {
    this.#decoyHash ??= hashSecret(randomBytes(16).toString('hex'));
    return this.#decoyHash;
  }
}
