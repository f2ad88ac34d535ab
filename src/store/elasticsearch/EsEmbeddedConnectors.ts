import type { Client } from '@elastic/elasticsearch';
import { KcrError } from '../../errors.js';
import type { JsonObject } from '../../model/json.js';
import { SecretValue } from '../../secrets/SecretValue.js';
import type { EmbeddedConnectorRepository, EmbeddedConnectorRow } from '../Store.js';
import { esCall, writeOnce } from './esCalls.js';
import { countOf, searchAll, term, filterOf } from './esSearch.js';
import type { EsKeys } from './EsKeys.js';
import { DecryptOnReveal } from '../../secrets/DecryptOnReveal.js';

interface ConnectorDoc {
  space_id: string;
  id: string;
  name: string;
  connector_type_id: string;
  config: JsonObject;
  secrets_ciphertext: string;
  secrets_fingerprint: string;
  is_missing_secrets: boolean;
  created_at: string;
  updated_at: string;
}

interface Found {
  doc: ConnectorDoc;
  seqNo: number;
  primaryTerm: number;
}

/** The same AAD as SQLite (sqlite/SqliteEmbeddedConnectors.ts): a ciphertext moved to another connector does not decrypt. */
export function connectorAad(spaceId: string, id: string): string {
  return `connector:${spaceId}/${id}`;
}

/**
 * The embedded target's connectors in `<prefix>-connectors`. The document id is the connector
 * id: Kibana ids are unique across spaces, so `op_type: create` refuses a duplicate in any space
 * atomically. Replace and delete are compare-and-set on the document's seq_no/primary_term.
 */
export class EsEmbeddedConnectors implements EmbeddedConnectorRepository {
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly keys: EsKeys,
    private readonly now: () => Date,
  ) {}

  async list(spaceId: string): Promise<EmbeddedConnectorRow[]> {
    const docs = await searchAll<ConnectorDoc>(this.client, 'list connectors', {
      index: this.index, query: filterOf([term('space_id', spaceId)]), sort: [{ name: 'asc' }, { id: 'asc' }],
    });
    return docs.map((doc) => this.#toRow(doc));
  }

  async get(spaceId: string, id: string): Promise<EmbeddedConnectorRow | null> {
    const found = await this.#find(id);
    return found && found.doc.space_id === spaceId ? this.#toRow(found.doc) : null;
  }

  async findSpaceOf(id: string): Promise<string | null> {
    return (await this.#find(id))?.doc.space_id ?? null;
  }

  async insert(row: Omit<EmbeddedConnectorRow, 'secretsFingerprint' | 'createdAt' | 'updatedAt'>): Promise<EmbeddedConnectorRow> {
    const now = this.now().toISOString();
    const secrets = row.secrets.reveal();
    const doc: ConnectorDoc = {
      space_id: row.spaceId, id: row.id, name: row.name, connector_type_id: row.connectorTypeId, config: row.config,
      secrets_ciphertext: this.keys.cipher.encrypt(JSON.stringify(secrets), connectorAad(row.spaceId, row.id)),
      secrets_fingerprint: this.keys.fingerprint(secrets), is_missing_secrets: row.isMissingSecrets, created_at: now, updated_at: now,
    };
    const created = await writeOnce(
      'create a connector',
      () => this.client.create({ index: this.index, id: row.id, document: doc }),
      async () => (await this.#find(row.id))?.doc.secrets_ciphertext === doc.secrets_ciphertext,
    );
    if (!created) throw new KcrError('CONNECTOR_CONFLICT', `Saved object [action/${row.id}] conflict`, { attributes: { id: row.id } });
    return this.#toRow(doc, row.secrets);
  }

  async replace(spaceId: string, id: string, values: { name: string; config: JsonObject; secrets: SecretValue<JsonObject>; isMissingSecrets?: boolean }): Promise<EmbeddedConnectorRow> {
    const secrets = values.secrets.reveal();
    for (;;) {
      const found = await this.#find(id);
      if (!found || found.doc.space_id !== spaceId) throw new KcrError('CONNECTOR_NOT_FOUND', `Saved object [action/${id}] not found`, { attributes: { id, space_id: spaceId } });
      const doc: ConnectorDoc = {
        ...found.doc, name: values.name, config: values.config, secrets_ciphertext: this.keys.cipher.encrypt(JSON.stringify(secrets), connectorAad(spaceId, id)),
        secrets_fingerprint: this.keys.fingerprint(secrets), is_missing_secrets: values.isMissingSecrets ?? false, updated_at: this.now().toISOString(),
      };
      const written = await writeOnce(
        'update a connector',
        () => this.client.index({ index: this.index, id, document: doc, if_seq_no: found.seqNo, if_primary_term: found.primaryTerm }),
        async () => (await this.#find(id))?.doc.secrets_ciphertext === doc.secrets_ciphertext,
      );
      if (written) return this.#toRow(doc, values.secrets);
      // Someone wrote it in between: read it again and replace that.
    }
  }

  async delete(spaceId: string, id: string): Promise<boolean> {
    for (;;) {
      const found = await this.#find(id);
      if (!found || found.doc.space_id !== spaceId) return false;
      const deleted = await writeOnce(
        'delete a connector',
        () => this.client.delete({ index: this.index, id, if_seq_no: found.seqNo, if_primary_term: found.primaryTerm }, { ignore: [404] }),
        async () => (await this.#find(id)) === null,
      );
      if (deleted) return true;
    }
  }

  count(): Promise<number> {
    return countOf(this.client, 'count connectors', this.index, { match_all: {} });
  }

  async #find(id: string): Promise<Found | null> {
    const response = await esCall('read a connector', () => this.client.get<ConnectorDoc>({ index: this.index, id }, { ignore: [404] }), { idempotent: true });
    if (!response.found || !response._source) return null;
    return { doc: response._source, seqNo: response._seq_no!, primaryTerm: response._primary_term! };
  }

  #toRow(doc: ConnectorDoc, secrets?: SecretValue<JsonObject>): EmbeddedConnectorRow {
    return {
      spaceId: doc.space_id, id: doc.id, name: doc.name, connectorTypeId: doc.connector_type_id, config: doc.config,
      secrets: secrets ?? new DecryptOnReveal(() => JSON.parse(this.keys.cipher.decrypt(doc.secrets_ciphertext, connectorAad(doc.space_id, doc.id))) as JsonObject),
      secretsFingerprint: doc.secrets_fingerprint, isMissingSecrets: doc.is_missing_secrets, createdAt: doc.created_at, updatedAt: doc.updated_at,
    };
  }
}
