import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { KcrError } from '../../errors.js';

export const DATABASE_FILE_NAME = 'kcr.db';

export interface DatabaseOptions {
  /**
   * NORMAL (default): in WAL mode a commit is not fsynced; the WAL is synced at checkpoints.
   * A killed process loses nothing (the WAL is in the OS cache), and the file can never be
   * corrupted, but a power cut or kernel crash may roll back the last few commits. kcr accepts
   * that: the records lost are newest-last, so the store is still consistent, and for the
   * embedded target the connectors roll back with their records. FULL fsyncs every commit (a
   * 10,000-operation apply then costs 20,000 fsyncs): choose it when the target is a real
   * Kibana and even a power cut must not lose an operation's record.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a writer waits for another process's write lock (CLI and server share the file). */
  busyTimeoutMs?: number;
}

/** Opens (creating the directory and file) `<dataDir>/kcr.db` with kcr's pragmas. */
export function openDatabase(dataDir: string, options: DatabaseOptions = {}): Database.Database {
  const path = join(dataDir, DATABASE_FILE_NAME);
  let db: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    db = new Database(path);
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    // A 32 MB page cache keeps the indexes of a 10,000-connector apply in memory, and a larger
    // WAL between checkpoints means fewer checkpoint stalls during long applies (checkpoints are
    // the only fsyncs under NORMAL).
    db.pragma('cache_size = -32000');
    db.pragma('wal_autocheckpoint = 4000');
    return db;
  } catch (error) {
    db?.close();
    throw new KcrError('STORE_UNAVAILABLE', `cannot open the store ${path}: ${(error as Error).message}`, { cause: error });
  }
}
