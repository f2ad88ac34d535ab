import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { KcrError, isKcrError } from '../../errors.js';
import { canonicalStringify } from '../../model/canonicalJson.js';
import type { JsonObject } from '../../model/json.js';
import { KEY_BYTES, SecretCipher, hmacFingerprint } from '../crypto/SecretCipher.js';
import { esCall, isConflict } from './esCalls.js';

const KEYS_DOC = 'keys';
const KEY_CHECK_PLAINTEXT = 'kcr-key-check-v1';
/** The same AADs as the SQLite store's meta rows (storeKeys.ts). */
const metaAad = (key: string) => `meta:${key}`;

interface KeysDoc {
  fingerprint_key: string;
  key_check: string;
}

/**
 * The keys of an Elasticsearch store, as in SQLite (sqlite/storeKeys.ts): AES-256-GCM with the
 * configured key (KCR_ENCRYPTION_KEY, shared by every replica) for secrets at rest, and a
 * random fingerprint key stored encrypted in `<prefix>-meta`, created once (op_type create:
 * two replicas opening a new store agree on one).
 */
export class EsKeys {
  private constructor(
    readonly cipher: SecretCipher,
    readonly fingerprintKey: Buffer,
  ) {}

  fingerprint(secrets: JsonObject): string {
    return hmacFingerprint(this.fingerprintKey, canonicalStringify(secrets));
  }

  mac(text: string): string {
    return hmacFingerprint(this.fingerprintKey, text);
  }

  static async open(client: Client, metaIndex: string, key: Buffer): Promise<EsKeys> {
    const cipher = new SecretCipher(key);
    const read = async () =>
      (await esCall('read the store keys', () => client.get<KeysDoc>({ index: metaIndex, id: KEYS_DOC }, { ignore: [404] }), { idempotent: true }))._source;
    let keys = await read();
    if (!keys) {
      const fresh: KeysDoc = {
        fingerprint_key: cipher.encrypt(randomBytes(KEY_BYTES).toString('hex'), metaAad('fingerprint_key')),
        key_check: cipher.encrypt(KEY_CHECK_PLAINTEXT, metaAad('key_check')),
      };
      // A 409: another replica created them first; theirs are read back below.
      await esCall('create the store keys', () => client.create({ index: metaIndex, id: KEYS_DOC, document: fresh }), { idempotent: true, passThrough: isConflict }).catch(
        (error) => {
          if (!isConflict(error)) throw error;
        },
      );
      keys = (await read())!;
    }
    try {
      if (cipher.decrypt(keys.key_check, metaAad('key_check')) !== KEY_CHECK_PLAINTEXT) throw new Error('key check differs');
      return new EsKeys(cipher, Buffer.from(cipher.decrypt(keys.fingerprint_key, metaAad('fingerprint_key')), 'hex'));
    } catch (error) {
      if (!isKcrError(error) || error.code === 'STORE_KEY_MISMATCH') {
        throw new KcrError(
          'STORE_KEY_MISMATCH',
          `the key from KCR_ENCRYPTION_KEY does not decrypt the secrets in the Elasticsearch store ${metaIndex}; every kcr on this store needs the key it was created with`,
          { attributes: { key_source: 'env' } },
        );
      }
      throw error;
    }
  }
}
