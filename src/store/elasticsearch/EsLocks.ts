import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { LockLease } from '../Store.js';
import { esCall, writeOnce } from './esCalls.js';
import { filterOf, searchAll } from './esSearch.js';

interface LockDoc {
  space_id: string;
  holder: string;
  token: string;
  acquired_at: string;
  expires_at: string;
  expires_at_ms: number;
}

interface Current {
  doc: LockDoc;
  seqNo: number;
  primaryTerm: number;
}

/**
 * Per-space leases in `<prefix>-locks`, one document per space. A free space is taken with
 * op_type create; an expired lease (its holder died or stalled: another replica, or a killed
 * process) is taken over with if_seq_no + if_primary_term, so of two replicas racing for it
 * exactly one wins; renew and release are compare-and-set on the holder's token. Expiry uses
 * this process's clock, as SQLite's leases do: replicas need clocks in step to within the TTL.
 */
export class EsLocks {
  constructor(
    private readonly client: Client,
    private readonly index: string,
    private readonly now: () => Date,
  ) {}

  async acquire(spaceId: string, holder: string, ttlMs: number): Promise<LockLease | null> {
    const current = await this.#read(spaceId);
    const now = this.now();
    if (current && current.doc.expires_at_ms > now.getTime()) return null;
    const expires = new Date(now.getTime() + ttlMs);
    const doc: LockDoc = {
      space_id: spaceId, holder, token: randomBytes(16).toString('hex'), acquired_at: now.toISOString(), expires_at: expires.toISOString(), expires_at_ms: expires.getTime(),
    };
    const taken = await writeOnce(
      'take a lock',
      () => current
        ? this.client.index({ index: this.index, id: spaceId, document: doc, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm })
        : this.client.create({ index: this.index, id: spaceId, document: doc }),
      async () => (await this.#read(spaceId))?.doc.token === doc.token,
    );
    return taken ? toLease(doc) : null;
  }

  /** Extends a live lease held with this token; null when it expired or was broken or taken over. */
  async renew(lease: LockLease, ttlMs: number): Promise<LockLease | null> {
    const current = await this.#read(lease.spaceId);
    const now = this.now().getTime();
    if (!current || current.doc.token !== lease.token || current.doc.expires_at_ms <= now) return null;
    const expires = new Date(now + ttlMs);
    const doc: LockDoc = { ...current.doc, expires_at: expires.toISOString(), expires_at_ms: expires.getTime() };
    const renewed = await writeOnce(
      'renew a lock',
      () => this.client.index({ index: this.index, id: lease.spaceId, document: doc, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm }),
      async () => (await this.#read(lease.spaceId))?.doc.expires_at_ms === doc.expires_at_ms,
    );
    return renewed ? { ...lease, expiresAt: doc.expires_at } : null;
  }

  async release(lease: LockLease): Promise<void> {
    const current = await this.#read(lease.spaceId);
    if (!current || current.doc.token !== lease.token) return;
    await this.#deleteIfUnchanged(current, 'release a lock');
  }

  /** Live leases only, by space. */
  async list(): Promise<LockLease[]> {
    const docs = await searchAll<LockDoc>(this.client, 'list locks', {
      index: this.index, query: filterOf([{ range: { expires_at_ms: { gt: this.now().getTime() } } }]), sort: [{ space_id: 'asc' }],
    });
    return docs.map(toLease);
  }

  async breakLock(spaceId: string): Promise<LockLease | null> {
    for (;;) {
      const current = await this.#read(spaceId);
      if (!current) return null;
      if (await this.#deleteIfUnchanged(current, 'break a lock')) return toLease(current.doc);
    }
  }

  async #deleteIfUnchanged(current: Current, what: string): Promise<boolean> {
    return writeOnce(
      what,
      () => this.client.delete({ index: this.index, id: current.doc.space_id, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm }),
      async () => (await this.#read(current.doc.space_id))?.doc.token !== current.doc.token,
    );
  }

  async #read(spaceId: string): Promise<Current | null> {
    const response = await esCall('read a lock', () => this.client.get<LockDoc>({ index: this.index, id: spaceId }, { ignore: [404] }), { idempotent: true });
    return response.found && response._source ? { doc: response._source, seqNo: response._seq_no!, primaryTerm: response._primary_term! } : null;
  }
}

function toLease(doc: LockDoc): LockLease {
  return { spaceId: doc.space_id, holder: doc.holder, token: doc.token, acquiredAt: doc.acquired_at, expiresAt: doc.expires_at };
}
