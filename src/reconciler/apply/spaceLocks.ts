import { hostname } from 'node:os';
import { KcrError } from '../../errors.js';
import type { LockLease, Store } from '../../store/Store.js';

export interface SpaceLockOptions {
  ttlMs: number;
  waitMs: number;
  /** Pause between two tries while waiting for a held lock. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The lock holder name of an apply: which apply, on which host, in which process. */
export function lockHolderFor(applyId: string): string {
  return `apply:${applyId}@${hostname()}:${process.pid}`;
}

/**
 * True when a holder names a process on this host that no longer runs: its lease is dead
 * even before the TTL runs out (a SIGKILLed apply), so it may be broken at once.
 */
export function isHolderDeadLocally(holder: string): boolean {
  const match = /@(.+):(\d+)$/.exec(holder);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Takes the lease of every space, in sorted order (so two applies never deadlock), waiting up
 * to `waitMs` for a live holder; on timeout releases what it took and throws LOCKED.
 */
export async function acquireSpaceLocks(store: Store, spaceIds: string[], holder: string, options: SpaceLockOptions): Promise<LockLease[]> {
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 50;
  const deadline = Date.now() + options.waitMs;
  const leases: LockLease[] = [];
  try {
    for (const spaceId of [...spaceIds].sort()) {
      for (;;) {
        const lease = await store.acquireLock(spaceId, holder, options.ttlMs);
        if (lease) {
          leases.push(lease);
          break;
        }
        const current = (await store.listLocks()).find((lock) => lock.spaceId === spaceId);
        if (current && isHolderDeadLocally(current.holder)) {
          await store.breakLock(spaceId);
          continue;
        }
        if (Date.now() >= deadline) {
          throw new KcrError('LOCKED', `space "${spaceId}" is locked by ${current?.holder ?? 'another apply'} until ${current?.expiresAt ?? 'its lease ends'}; try again later`, {
            attributes: { space_id: spaceId, holder: current?.holder, expires_at: current?.expiresAt },
          });
        }
        await sleep(pollMs);
      }
    }
    return leases;
  } catch (error) {
    await releaseSpaceLocks(store, leases);
    throw error;
  }
}

export async function releaseSpaceLocks(store: Store, leases: LockLease[]): Promise<void> {
  for (const lease of leases) await store.releaseLock(lease);
}

/**
 * Renews the leases every third of their TTL while an apply runs, so a live apply keeps its
 * locks and a dead one loses them when the TTL runs out. Returns a stop function.
 */
export function startLeaseHeartbeat(store: Store, leases: LockLease[], ttlMs: number): () => void {
  const timer = setInterval(() => {
    for (let i = 0; i < leases.length; i++) {
      store.renewLock(leases[i], ttlMs).then(
        (renewed) => {
          if (renewed) leases[i] = renewed;
        },
        () => undefined,
      );
    }
  }, Math.max(10, Math.floor(ttlMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
