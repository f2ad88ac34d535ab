import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost. N=2^15, r=8, p=1 is the OWASP minimum for scrypt and costs ~50-100 ms and 32 MiB
 * per verification on this class of machine: slow enough that a leaked kcr.yaml does not give up
 * its keys cheaply, fast enough for a request because verified credentials are cached
 * (see PrincipalAuthenticator).
 */
export const SCRYPT_PARAMS = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Bounds on parameters read back from a config file, so a typo cannot make one login take minutes or gigabytes. */
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

/** The parameters and bytes of one stored hash (`scrypt$N$r$p$salt$hash`, salt and hash in base64). */
export interface ParsedSecretHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function scryptAsync(secret: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, length, options, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

function scryptOptions(N: number, r: number, p: number): ScryptOptions {
  // Node's default maxmem (32 MiB) is exactly 128*N*r at our cost, and OpenSSL needs a little more.
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

/** Hashes a key or password with a fresh random salt; the result goes into kcr.yaml as `secretHash`. */
export async function hashSecret(secret: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await scryptAsync(secret, salt, HASH_BYTES, scryptOptions(params.N, params.r, params.p));
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Parses a stored hash; null when it is not a well-formed scrypt hash within the accepted cost bounds. */
export function parseSecretHash(encoded: string): ParsedSecretHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^[1-9][0-9]{0,8}$/.test(part) ? Number(part) : NaN));
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p)) return null;
  if (N < 2 || (N & (N - 1)) !== 0 || N > 2 ** MAX_LOG2_N || r > MAX_R || p > MAX_P) return null;
  const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!base64.test(parts[4]!) || !base64.test(parts[5]!)) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

/** True when `secret` matches the stored hash. The final comparison is constant-time. */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const parsed = parseSecretHash(encoded);
  if (!parsed) return false;
  const derived = await scryptAsync(secret, parsed.salt, parsed.hash.length, scryptOptions(parsed.N, parsed.r, parsed.p));
  return timingSafeEqual(derived, parsed.hash);
}

/** A new credential, shown to the operator once and never stored in clear. */
export interface GeneratedCredential {
  /** The API key id or the Basic username. */
  id: string;
  /** The key or password. */
  secret: string;
}

/** A random API key: a 16-character id and a 256-bit key, both base64url (no `:`, so `id:key` splits unambiguously). */
export function generateApiKey(): GeneratedCredential {
  return { id: randomBytes(12).toString('base64url'), secret: randomBytes(32).toString('base64url') };
}

/** A random 256-bit password for a Basic principal. */
export function generatePassword(): string {
  return randomBytes(32).toString('base64url');
}

/** A random bearer token: a 16-character id, a dot, a 256-bit secret (base64url: the dot splits it unambiguously). */
export function generateBearerToken(): GeneratedCredential {
  return generateApiKey();
}

/** The token a Bearer principal presents: `<tokenId>.<secret>`. */
export function bearerToken(id: string, secret: string): string {
  return `${id}.${secret}`;
}

/**
 * The value of an `Authorization` header for a credential, as Kibana and Elasticsearch take it:
 * `ApiKey base64(id:key)`, `Basic base64(user:password)`, or `Bearer <tokenId>.<secret>`.
 */
export function authorizationHeader(scheme: 'ApiKey' | 'Basic' | 'Bearer', id: string, secret: string): string {
  if (scheme === 'Bearer') return `Bearer ${bearerToken(id, secret)}`;
  return `${scheme} ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;
}
