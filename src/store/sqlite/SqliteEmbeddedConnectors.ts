import type { Database, Statement } from 'better-sqlite3';
import { KcrError } from '../../errors.js';
import type { JsonObject } from '../../model/json.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import type { EmbeddedConnectorRepository, EmbeddedConnectorRow } from '../Store.js';
import type { StoreKeys } from './storeKeys.js';
import { guardStore } from './sqliteErrors.js';
import { DecryptOnReveal } from '../../secrets/DecryptOnReveal.js';

interface ConnectorRecord {
  space_id: string;
  id: string;
  name: string;
  connector_type_id: string;
  config: string;
  secrets_ciphertext: string;
  secrets_fingerprint: string;
  is_missing_secrets: number;
  created_at: string;
  updated_at: string;
}

/** AAD of a connector's secrets: a ciphertext moved to another row does not decrypt. */
export function connectorAad(spaceId: string, id: string): string {
  return `connector:${spaceId}/${id}`;
}

/** The embedded target's connectors in SQLite, secrets encrypted per row. */
export class SqliteEmbeddedConnectors implements EmbeddedConnectorRepository {
  readonly #db: Database;
  readonly #keys: StoreKeys;
  readonly #now: () => Date;
  readonly #list: Statement<[string]>;
  readonly #get: Statement<[string, string]>;
  readonly #spaceOf: Statement<[string]>;
  readonly #insert: Statement<ConnectorRecord>;
  readonly #replace: Statement<[string, string, string, string, number, string, string, string]>;
  readonly #delete: Statement<[string, string]>;
  readonly #count: Statement<[]>;

  constructor(db: Database, keys: StoreKeys, now: () => Date) {
    this.#db = db;
    this.#keys = keys;
    this.#now = now;
    this.#list = db.prepare('SELECT * FROM embedded_connectors WHERE space_id = ? ORDER BY name, id');
    this.#get = db.prepare('SELECT * FROM embedded_connectors WHERE space_id = ? AND id = ?');
    this.#spaceOf = db.prepare('SELECT space_id FROM embedded_connectors WHERE id = ?');
    // ON CONFLICT DO NOTHING: a duplicate id is reported as CONNECTOR_CONFLICT, not as a SQLite error.
    this.#insert = db.prepare(`INSERT INTO embedded_connectors
      (space_id, id, name, connector_type_id, config, secrets_ciphertext, secrets_fingerprint, is_missing_secrets, created_at, updated_at)
      VALUES (@space_id, @id, @name, @connector_type_id, @config, @secrets_ciphertext, @secrets_fingerprint, @is_missing_secrets, @created_at, @updated_at)
      ON CONFLICT (id) DO NOTHING`);
    this.#replace = db.prepare(`UPDATE embedded_connectors SET name = ?, config = ?, secrets_ciphertext = ?, secrets_fingerprint = ?,
      is_missing_secrets = ?, updated_at = ? WHERE space_id = ? AND id = ?`);
    this.#delete = db.prepare('DELETE FROM embedded_connectors WHERE space_id = ? AND id = ?');
    this.#count = db.prepare('SELECT count(*) AS n FROM embedded_connectors');
  }

  list(spaceId: string): Promise<EmbeddedConnectorRow[]> {
    return guardStore('list connectors', () => (this.#list.all(spaceId) as ConnectorRecord[]).map((record) => this.#toRow(record)));
  }

  get(spaceId: string, id: string): Promise<EmbeddedConnectorRow | null> {
    return guardStore('read a connector', () => {
      const record = this.#get.get(spaceId, id) as ConnectorRecord | undefined;
      return record ? this.#toRow(record) : null;
    });
  }

  findSpaceOf(id: string): Promise<string | null> {
    return guardStore('find a connector', () => (this.#spaceOf.get(id) as { space_id: string } | undefined)?.space_id ?? null);
  }

  insert(row: Omit<EmbeddedConnectorRow, 'secretsFingerprint' | 'createdAt' | 'updatedAt'>): Promise<EmbeddedConnectorRow> {
    return guardStore('create a connector', () => {
      const now = this.#now().toISOString();
      const secrets = row.secrets.reveal();
      const record: ConnectorRecord = {
        space_id: row.spaceId, id: row.id, name: row.name, connector_type_id: row.connectorTypeId, config: JSON.stringify(row.config),
        secrets_ciphertext: this.#keys.cipher.encrypt(JSON.stringify(secrets), connectorAad(row.spaceId, row.id)),
        secrets_fingerprint: this.#keys.fingerprint(secrets), is_missing_secrets: row.isMissingSecrets ? 1 : 0, created_at: now, updated_at: now,
      };
      if (this.#writeEncrypted(() => this.#insert.run(record).changes) === 0) {
        throw new KcrError('CONNECTOR_CONFLICT', `Saved object [action/${row.id}] conflict`, { attributes: { id: row.id } });
      }
      return this.#toRow(record, row.secrets);
    });
  }

  replace(spaceId: string, id: string, values: { name: string; config: JsonObject; secrets: SecretValue<JsonObject>; isMissingSecrets?: boolean }): Promise<EmbeddedConnectorRow> {
    return guardStore('update a connector', () => {
      const secrets = values.secrets.reveal();
      const ciphertext = this.#keys.cipher.encrypt(JSON.stringify(secrets), connectorAad(spaceId, id));
      const changed = this.#writeEncrypted(
        () => this.#replace.run(values.name, JSON.stringify(values.config), ciphertext, this.#keys.fingerprint(secrets), values.isMissingSecrets ? 1 : 0, this.#now().toISOString(), spaceId, id).changes,
      );
      if (changed === 0) throw new KcrError('CONNECTOR_NOT_FOUND', `Saved object [action/${id}] not found`, { attributes: { id, space_id: spaceId } });
      return this.#toRow(this.#get.get(spaceId, id) as ConnectorRecord, values.secrets);
    });
  }

  delete(spaceId: string, id: string): Promise<boolean> {
    return guardStore('delete a connector', () => this.#delete.run(spaceId, id).changes > 0);
  }

  count(): Promise<number> {
    return guardStore('count connectors', () => (this.#count.get() as { n: number }).n);
  }

  /** A write of ciphertext, refused if another process rotated the key meanwhile (see StoreKeys.assertCurrent). */
  #writeEncrypted(write: () => number): number {
    return this.#db.transaction(() => {
      this.#keys.assertCurrent();
      return write();
    }).immediate();
  }

  /** Holds only the ciphertext and its AAD (not the whole record) until the first reveal. */
  #lazySecrets(ciphertext: string, aad: string): SecretValue<JsonObject> {
    return new DecryptOnReveal(() => JSON.parse(this.#keys.cipher.decrypt(ciphertext, aad)) as JsonObject);
  }

  #toRow(record: ConnectorRecord, secrets?: SecretValue<JsonObject>): EmbeddedConnectorRow {
    return {
      spaceId: record.space_id, id: record.id, name: record.name, connectorTypeId: record.connector_type_id,
      config: JSON.parse(record.config) as JsonObject,
      secrets: secrets ?? this.#lazySecrets(record.secrets_ciphertext, connectorAad(record.space_id, record.id)),
      secretsFingerprint: record.secrets_fingerprint, isMissingSecrets: record.is_missing_secrets === 1,
      createdAt: record.created_at, updatedAt: record.updated_at,
    };
  }
}
