/** What the cache holds for one space: the JSON body rendered at one serial of that space. */
interface CachedBody {
  serial: number;
  body: Buffer;
}

/** Enough for a few spaces of 10,000 connectors (a 10,000-connector list is ~3 MB of JSON). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The rendered JSON of `GET /api/actions/connectors` per space, kept under the space serial it
 * was rendered at. Every write to a space bumps its serial once the write is done (SPEC:
 * ConnectorsService, the apply engine, import, crash recovery), so a body is served again only
 * while the serial has not moved; reading the serial is one indexed row, listing 10,000
 * connectors and rendering them is most of a second. The caller reads the serial BEFORE listing:
 * a write that lands in between is then cached under the older serial, which the write's bump
 * retires. Bounded in bytes; the least recently used space goes first.
 */
export class ListBodyCache {
  readonly #bySpace = new Map<string, CachedBody>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = DEFAULT_MAX_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** The body rendered at `serial`, or undefined. */
  get(spaceId: string, serial: number): Buffer | undefined {
    const cached = this.#bySpace.get(spaceId);
    if (!cached || cached.serial !== serial) return undefined;
    // Most recently used last.
    this.#bySpace.delete(spaceId);
    this.#bySpace.set(spaceId, cached);
    return cached.body;
  }

  set(spaceId: string, serial: number, body: Buffer): void {
    this.#forget(spaceId);
    if (body.length > this.#maxBytes) return;
    while (this.#bytes + body.length > this.#maxBytes) {
      const oldest = this.#bySpace.keys().next().value;
      if (oldest === undefined) break;
      this.#forget(oldest);
    }
    this.#bySpace.set(spaceId, { serial, body });
    this.#bytes += body.length;
  }

  #forget(spaceId: string): void {
    const cached = this.#bySpace.get(spaceId);
    if (!cached) return;
    this.#bytes -= cached.body.length;
    this.#bySpace.delete(spaceId);
  }
}
