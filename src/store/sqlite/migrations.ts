import type { Database } from 'better-sqlite3';
import { KcrError } from '../../errors.js';

/** One schema change. Versions only grow; a released migration is never edited, only followed. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Every schema change, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up(db) {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        -- Kibana connector ids are unique across spaces, hence the id alone is the key.
        CREATE TABLE embedded_connectors (
          id TEXT PRIMARY KEY,
          space_id TEXT NOT NULL,
          name TEXT NOT NULL,
          connector_type_id TEXT NOT NULL,
          config TEXT NOT NULL,
          secrets_ciphertext TEXT NOT NULL,
          secrets_fingerprint TEXT NOT NULL,
          is_missing_secrets INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX embedded_connectors_by_space ON embedded_connectors (space_id, name);

        CREATE TABLE space_serials (space_id TEXT PRIMARY KEY, serial INTEGER NOT NULL);

        -- One row per connector: a connector belongs to at most one set.
        CREATE TABLE inventory (
          space_id TEXT NOT NULL,
          connector_id TEXT NOT NULL,
          set_name TEXT NOT NULL,
          manifest_name TEXT NOT NULL,
          last_applied TEXT NOT NULL,
          applied_at TEXT NOT NULL,
          plan_id TEXT,
          PRIMARY KEY (space_id, connector_id)
        );
        CREATE INDEX inventory_by_set ON inventory (set_name, space_id);

        CREATE TABLE plans (
          plan_id TEXT PRIMARY KEY,
          set_name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          has_changes INTEGER NOT NULL,
          spaces TEXT NOT NULL,
          plan TEXT NOT NULL,
          operations TEXT NOT NULL,
          secrets_ciphertext TEXT NOT NULL,
          applied_at TEXT,
          apply_id TEXT
        );
        CREATE INDEX plans_by_time ON plans (created_at);
        CREATE INDEX plans_by_set ON plans (set_name, created_at);

        CREATE TABLE applies (
          apply_id TEXT PRIMARY KEY,
          plan_id TEXT NOT NULL REFERENCES plans (plan_id),
          set_name TEXT NOT NULL,
          target TEXT NOT NULL,
          actor TEXT NOT NULL,
          status TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          spaces TEXT NOT NULL
        );
        CREATE INDEX applies_by_time ON applies (started_at);
        CREATE INDEX applies_by_status ON applies (status);
        CREATE INDEX applies_by_plan ON applies (plan_id);

        CREATE TABLE apply_operations (
          apply_id TEXT NOT NULL REFERENCES applies (apply_id),
          op_index INTEGER NOT NULL,
          kind TEXT NOT NULL,
          space_id TEXT NOT NULL,
          connector_id TEXT NOT NULL,
          name TEXT NOT NULL,
          outcome TEXT NOT NULL,
          error TEXT,
          started_at TEXT,
          finished_at TEXT,
          duration_ms INTEGER,
          attempts TEXT,
          PRIMARY KEY (apply_id, op_index)
        );

        CREATE TABLE events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          time TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          outcome TEXT NOT NULL,
          space_id TEXT,
          connector_id TEXT,
          set_name TEXT,
          plan_id TEXT,
          apply_id TEXT,
          origin TEXT,
          remote_address TEXT,
          request_id TEXT,
          message TEXT NOT NULL,
          details TEXT
        );
        CREATE INDEX events_by_time ON events (time);
        CREATE INDEX events_by_space ON events (space_id, time);
        CREATE INDEX events_by_connector ON events (connector_id, time);
        -- The event log is an audit trail: the database itself refuses to rewrite it.
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

        CREATE TABLE locks (
          space_id TEXT PRIMARY KEY,
          holder TEXT NOT NULL,
          token TEXT NOT NULL,
          acquired_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          expires_at_ms INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'compressed plan bodies',
    up(db) {
      // Rows written before this migration keep their JSON text ('json'); new ones are
      // deflate-compressed ('deflate-raw'): a 10,000-connector plan is ~9 MB of JSON, ~0.7 MB deflated.
      db.exec("ALTER TABLE plans ADD COLUMN body_encoding TEXT NOT NULL DEFAULT 'json'");
    },
  },
  {
    version: 3,
    name: 'parsed manifest cache',
    up(db) {
      // Parsed YAML manifest files by content (reconciler/manifests/parsedManifestCache.ts):
      // key is an HMAC of the content key, body is encrypted like secrets (manifests may hold some).
      db.exec(`
        CREATE TABLE manifest_cache (key TEXT PRIMARY KEY, body TEXT NOT NULL, used_at TEXT NOT NULL);
        CREATE INDEX manifest_cache_by_use ON manifest_cache (used_at);
      `);
    },
  },
  {
    version: 4,
    name: 'plan heads',
    up(db) {
      // The plan without its resource changes, so lists of plans never decode whole plans; rows
      // written before this migration have none and are read as before (and their head derived).
      db.exec('ALTER TABLE plans ADD COLUMN head TEXT');
    },
  },
];

/** The newest schema version this code knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The version recorded in the database (0 for a new one). */
export function currentSchemaVersion(db: Database): number {
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Brings the schema up to date in one IMMEDIATE transaction, so two processes opening a new
 * file together cannot both migrate it. A database written by a newer kcr is refused rather
 * than misread: downgrading kcr must not corrupt its state.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now: () => Date = () => new Date()): { from: number; to: number } {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const run = db.transaction(() => {
    const from = currentSchemaVersion(db);
    if (from > latest) {
      throw new KcrError(
        'STORE_UNAVAILABLE',
        `the store ${db.name} has schema version ${from}, newer than this kcr knows (${latest}); upgrade kcr to open it`,
        { attributes: { schema_version: from, supported_version: latest } },
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      migration.up(db);
      record.run(migration.version, migration.name, now().toISOString());
    }
    return { from, to: Math.max(from, latest) };
  });
  return run.immediate();
}
