import type { JsonObject } from '../model/json.js';
import { SecretValue } from './SecretValue.js';

/**
 * Secrets decrypted at the first `reveal()`, not when a stored connector is read: listing a
 * space (every plan does, for each space) needs only the fingerprints, and AES-GCM plus
 * JSON.parse of 10,000 connectors was a tenth of a no-op plan. A wrong key still fails, at the
 * reveal, with the store's STORE_KEY_MISMATCH. Both stores (sqlite, elasticsearch) use it.
 */
export class DecryptOnReveal extends SecretValue<JsonObject> {
  readonly #decrypt: () => JsonObject;
  #value: JsonObject | undefined;

  constructor(decrypt: () => JsonObject) {
    super({});
    this.#decrypt = decrypt;
  }

  override reveal(): JsonObject {
    this.#value ??= this.#decrypt();
    return this.#value;
  }
}
