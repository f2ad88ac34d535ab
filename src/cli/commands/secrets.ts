import { randomBytes } from 'node:crypto';
import { KcrError } from '../../errors.js';
import { KEY_BYTES, parseEncryptionKey } from '../../store/crypto/SecretCipher.js';
import { describeKeySource } from '../../store/crypto/keyFile.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite/SqliteStore.js';
import { EXIT, type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { readConfig } from '../runtime.js';

export interface RotateKeyOptions {
  /** Name of an environment variable holding the new key (64 hex characters or base64 of 32 bytes). */
  newKeyEnv?: string;
  /** Generate the new key and print it once (needed with KCR_ENCRYPTION_KEY unless --new-key-env). */
  generate?: boolean;
}

/** Opens the configured SQLite store directly: key commands never go through a server. */
async function openStore(globals: GlobalOptions, io: CliIo): Promise<SqliteStore> {
  if (globals.server ?? io.env.KCR_SERVER) {
    throw new KcrError('BAD_REQUEST', 'kcr secrets works on the store itself, not through --server: run it where the data directory is, with no kcr server running on it');
  }
  const config = readConfig(io, globals);
  if (config.store.type !== 'sqlite') {
    throw new KcrError('CONFIG_INVALID', `kcr secrets rotate-key works on the sqlite store only; the configuration names "${config.store.type}" (an Elasticsearch store keeps the KCR_ENCRYPTION_KEY it was created with)`);
  }
  // Opening checks the key against the store: a wrong key fails here with STORE_KEY_MISMATCH.
  return openSqliteStore({ dataDir: config.store.dataDir, encryptionKey: config.encryptionKey });
}

/**
 * `kcr secrets rotate-key`: re-encrypts every secret of the store under a new key in one
 * transaction. With the key file (the default) kcr makes the new key and replaces the file; the
 * key is never printed. With KCR_ENCRYPTION_KEY, kcr cannot change the environment, so the
 * operator brings the new key (`--new-key-env NAME`) or asks for one (`--generate`, printed
 * once), and is told to update KCR_ENCRYPTION_KEY before the next start.
 */
export async function rotateKeyCommand(options: RotateKeyOptions, globals: GlobalOptions, io: CliIo): Promise<number> {
  if (options.newKeyEnv !== undefined && options.generate) throw new KcrError('BAD_REQUEST', 'give --new-key-env or --generate, not both');
  const newKeyText = options.newKeyEnv !== undefined ? readNewKey(options.newKeyEnv, io) : undefined;
  const store = await openStore(globals, io);
  try {
    const source = store.keySource;
    if (source.kind === 'env' && newKeyText === undefined && !options.generate) {
      throw new KcrError('BAD_REQUEST', `the encryption key comes from ${source.variable}: give the new key in an environment variable with --new-key-env NAME, or --generate to have kcr make one and print it once`);
    }
    const generated = newKeyText === undefined ? randomBytes(KEY_BYTES) : undefined;
    const result = await store.rotateEncryptionKey(generated ?? parseEncryptionKey(newKeyText!, options.newKeyEnv!));
    const printedKey = options.generate && generated ? generated.toString('hex') : undefined;
    if (printedKey) writeLine(io.stderr, 'Warning: the new encryption key below is shown once; store it now (a lost key makes every stored secret unreadable).');
    const nextStep = result.updateEnvironment
      ? `Set ${source.kind === 'env' ? source.variable : 'KCR_ENCRYPTION_KEY'} to the new key${options.newKeyEnv ? ` (the value of ${options.newKeyEnv})` : ''} wherever kcr runs before starting it again: the old key no longer opens this store.`
      : `${describeKeySource(store.keySource)} now holds the new key; nothing else to change.`;
    if (globals.json) {
      writeJson(io, { reencrypted: result.reencrypted, keySource: store.keySource.kind, updateEnvironment: result.updateEnvironment, nextStep, ...(printedKey ? { newKey: printedKey } : {}) });
      return EXIT.OK;
    }
    writeLine(io.stdout, `Re-encrypted ${result.reencrypted} secret(s) under the new key, in one transaction.`);
    if (printedKey) writeLine(io.stdout, `New key: ${printedKey}`);
    writeLine(io.stdout, nextStep);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

/** `kcr secrets check-key`: opens the store with the configured key (STORE_KEY_MISMATCH when it does not decrypt). */
export async function checkKeyCommand(globals: GlobalOptions, io: CliIo): Promise<number> {
  const store = await openStore(globals, io);
  try {
    const connectors = await store.embeddedConnectors.count();
    if (globals.json) writeJson(io, { ok: true, keySource: store.keySource.kind, connectors });
    else writeLine(io.stdout, `${describeKeySource(store.keySource)} opens the store (${connectors} embedded connector(s)).`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

function readNewKey(variable: string, io: CliIo): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(variable)) throw new KcrError('BAD_REQUEST', `--new-key-env expects an environment variable name, got "${variable.slice(0, 40)}"`);
  const value = io.env[variable];
  if (value === undefined || value.trim() === '') throw new KcrError('BAD_REQUEST', `the environment variable ${variable} named by --new-key-env is not set`);
  return value;
}
