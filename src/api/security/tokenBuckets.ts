/**
 * Token buckets and the budgets built on them: the one owner of what authentication (failed
 * logins per address, authenticate.ts) and the write limit (writes per principal, rateLimit.ts)
 * share, so neither imports the other.
 */

/** Write budget per principal: `burst` writes at once, refilled at `perSecond`. */
export interface WriteRateLimit {
  burst: number;
  perSecond: number;
}

/** Generous enough for a Terraform apply of hundreds of connectors, small enough to stop a runaway loop. */
export const DEFAULT_WRITE_RATE_LIMIT: WriteRateLimit = Object.freeze({ burst: 100, perSecond: 20 });

/** Failed authentications per remote address: 20 at once, then one every 5 s (each costs a scrypt). */
export const DEFAULT_AUTH_FAILURE_LIMIT: WriteRateLimit = Object.freeze({ burst: 20, perSecond: 0.2 });

/** Buckets kept at most; idle full buckets are dropped first, so memory stays bounded under many addresses. */
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A token bucket per key. `take` answers 0 when allowed, else the seconds until a token is back. */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: WriteRateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): number {
    const now = this.now();
    const bucket = this.#refill(this.#buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#store(key, bucket);
      return 0;
    }
    this.#store(key, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  /** 0 when a token is available (none is taken), else the seconds until one is. */
  peek(key: string): number {
    const bucket = this.#refill(this.#buckets.get(key), this.now());
    return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond));
  }

  #refill(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.limit.burst, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    return { tokens: Math.min(this.limit.burst, bucket.tokens + elapsedSeconds * this.limit.perSecond), updatedAt: now };
  }

  #store(key: string, bucket: Bucket): void {
    this.#buckets.delete(key);
    if (this.#buckets.size >= MAX_BUCKETS) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    this.#buckets.set(key, bucket);
  }
}
