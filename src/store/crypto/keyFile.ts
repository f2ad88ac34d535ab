import { closeSync, constants, existsSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, chmodSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KcrError } from '../../errors.js';
import { KEY_BYTES, parseEncryptionKey } from './SecretCipher.js';

/** Where the encryption key came from: said in errors (never the key itself) and decides how rotation ends. */
export type KeySource = { kind: 'env'; variable: string } | { kind: 'file'; path: string };

export interface ResolvedKey {
  key: Buffer;
  source: KeySource;
  /** A key staged by a rotation that may have committed before the process died (see `stagePendingKey`). */
  pendingKey?: Buffer;
  /** Things the operator should hear about (e.g. a key file mode that was fixed). */
  warnings: string[];
}

export const KEY_FILE_NAME = 'encryption.key';
export const ENV_KEY_VARIABLE = 'KCR_ENCRYPTION_KEY';
const OWNER_ONLY = 0o600;

/** Describes a key source for a message, without the key. */
export function describeKeySource(source: KeySource): string {
  return source.kind === 'env' ? `the key from ${source.variable}` : `the key file ${source.path}`;
}

/**
 * The store's encryption key: the configured one (KCR_ENCRYPTION_KEY) when given, else the key
 * file in the data directory, created with mode 0600 on first use.
 */
export function resolveStoreKey(dataDir: string, encryptionKey: string | undefined, options: { storeHasSecrets: boolean }): ResolvedKey {
  if (encryptionKey !== undefined) {
    return { key: parseEncryptionKey(encryptionKey, ENV_KEY_VARIABLE), source: { kind: 'env', variable: ENV_KEY_VARIABLE }, warnings: [] };
  }
  const path = join(dataDir, KEY_FILE_NAME);
  const warnings: string[] = [];
  // A store that already holds secrets never gets a fresh key file: it could not decrypt
  // anything, and it would sit where the user has to restore the real one.
  if (options.storeHasSecrets && !existsSync(path)) {
    throw new KcrError('STORE_KEY_MISMATCH', `the store holds encrypted secrets but its key file ${path} is missing; restore it or set ${ENV_KEY_VARIABLE}`, {
      attributes: { key_source: 'file' },
    });
  }
  const key = createKeyFileIfAbsent(path) ?? readKeyFile(path, warnings);
  const pendingPath = pendingKeyPath(path);
  const pendingKey = existsSync(pendingPath) ? readKeyFile(pendingPath, warnings) : undefined;
  return { key, source: { kind: 'file', path }, pendingKey, warnings };
}

/**
 * Creates the key file with a new random key, or returns undefined when it exists. The key is
 * written whole to a private temp file and then hard-linked into place: link() fails if the
 * name exists, so a CLI and a server starting together agree on one key, and neither can ever
 * read a half-written file.
 */
function createKeyFileIfAbsent(path: string): Buffer | undefined {
  if (existsSync(path)) return undefined;
  const key = randomBytes(KEY_BYTES);
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeKeyAndClose(openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, OWNER_ONLY), temp, key);
    linkSync(temp, path);
    syncDirectoryOf(path);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw new KcrError('STORE_UNAVAILABLE', `cannot create the key file ${path}: ${(error as Error).message}`);
  } finally {
    rmSync(temp, { force: true });
  }
}

function writeKeyAndClose(fd: number, path: string, key: Buffer): void {
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // The umask may have narrowed the mode further, never widened it; set it exactly anyway.
  chmodSync(path, OWNER_ONLY);
}

/** Reads a key file; a file readable by others is narrowed to 0600 and reported. */
function readKeyFile(path: string, warnings: string[]): Buffer {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(path, OWNER_ONLY);
    warnings.push(`key file ${path} had mode ${mode.toString(8).padStart(4, '0')}; it was changed to 0600 (only kcr's user may read the key)`);
  }
  return parseEncryptionKey(readFileSync(path, 'utf8'), `the key file ${path}`);
}

function pendingKeyPath(path: string): string {
  return `${path}.new`;
}

/**
 * First half of a key file rotation: writes the new key beside the old one (0600, fsynced)
 * BEFORE the store re-encrypts. If the process dies after the re-encryption committed but
 * before `promotePendingKey`, the next open finds the staged key and can still read the store.
 */
export function stagePendingKey(path: string, key: Buffer): void {
  const pending = pendingKeyPath(path);
  rmSync(pending, { force: true });
  writeKeyAndClose(openSync(pending, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, OWNER_ONLY), pending, key);
}

/** Second half: atomically replaces the key file with the staged key (rename is atomic on one file system). */
export function promotePendingKey(path: string): void {
  renameSync(pendingKeyPath(path), path);
  syncDirectoryOf(path);
}

/** Drops a staged key that was never used (the rotation rolled back, or the old key still works). */
export function discardPendingKey(path: string): void {
  rmSync(pendingKeyPath(path), { force: true });
}

function syncDirectoryOf(path: string): void {
  const dir = join(path, '..');
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
}
