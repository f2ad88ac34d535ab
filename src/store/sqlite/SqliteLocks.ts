import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { LockLease } from '../Store.js';

interface LockRow {
  space_id: string;
  holder: string;
  token: string;
  acquired_at: string;
  expires_at: string;
  expires_at_ms: number;
}

/**
 * Per-space leases. A lease is free when absent or expired (its holder died or stalled), and
 * only the token handed out at acquisition renews or releases it, so a holder whose lease was
 * taken over cannot release the new holder's lock. Every check-and-write runs in an IMMEDIATE
 * transaction: two processes on one file cannot both see the lease free.
 */
export class SqliteLocks {
  readonly #db: Database;
  readonly #now: () => Date;
  readonly #get: Statement<[string]>;
  readonly #put: Statement<LockRow>;
  readonly #renew: Statement<[string, number, string, string, number]>;
  readonly #release: Statement<[string, string]>;
  readonly #delete: Statement<[string]>;
  readonly #live: Statement<[number]>;

  constructor(db: Database, now: () => Date) {
    this.#db = db;
    this.#now = now;
    this.#get = db.prepare('SELECT * FROM locks WHERE space_id = ?');
    this.#put = db.prepare(`INSERT OR REPLACE INTO locks (space_id, holder, token, acquired_at, expires_at, expires_at_ms)
      VALUES (@space_id, @holder, @token, @acquired_at, @expires_at, @expires_at_ms)`);
    this.#renew = db.prepare('UPDATE locks SET expires_at = ?, expires_at_ms = ? WHERE space_id = ? AND token = ? AND expires_at_ms > ?');
    this.#release = db.prepare('DELETE FROM locks WHERE space_id = ? AND token = ?');
    this.#delete = db.prepare('DELETE FROM locks WHERE space_id = ?');
    this.#live = db.prepare('SELECT * FROM locks WHERE expires_at_ms > ? ORDER BY space_id');
  }

  acquire(spaceId: string, holder: string, ttlMs: number): LockLease | null {
    return this.#db.transaction(() => {
      const now = this.#now();
      const current = this.#get.get(spaceId) as LockRow | undefined;
      if (current && current.expires_at_ms > now.getTime()) return null;
      const expires = new Date(now.getTime() + ttlMs);
      const row: LockRow = {
        space_id: spaceId, holder, token: randomBytes(16).toString('hex'), acquired_at: now.toISOString(),
        expires_at: expires.toISOString(), expires_at_ms: expires.getTime(),
      };
      this.#put.run(row);
      return toLease(row);
    }).immediate();
  }

  /** Extends a live lease held with this token; null when it expired or was broken or taken over. */
  renew(lease: LockLease, ttlMs: number): LockLease | null {
    return this.#db.transaction(() => {
      const now = this.#now().getTime();
      const expires = new Date(now + ttlMs);
      if (this.#renew.run(expires.toISOString(), expires.getTime(), lease.spaceId, lease.token, now).changes === 0) return null;
      return { ...lease, expiresAt: expires.toISOString() };
    }).immediate();
  }

  release(lease: LockLease): void {
    this.#release.run(lease.spaceId, lease.token);
  }

  /** Live leases only: an expired one is free for the taking and would only mislead. */
  list(): LockLease[] {
    return (this.#live.all(this.#now().getTime()) as LockRow[]).map(toLease);
  }

  breakLock(spaceId: string): LockLease | null {
    return this.#db.transaction(() => {
      const current = this.#get.get(spaceId) as LockRow | undefined;
      if (!current) return null;
      this.#delete.run(spaceId);
      return toLease(current);
    }).immediate();
  }
}

function toLease(row: LockRow): LockLease {
  return { spaceId: row.space_id, holder: row.holder, token: row.token, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}
