import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../../../src/store/Store.js';
import { openElasticsearchStore } from '../../../src/store/elasticsearch/ElasticsearchStore.js';
import { openSqliteStore } from '../../../src/store/sqlite/SqliteStore.js';
import { elasticsearchAvailability } from '../../elasticsearch/launcher.js';
import { sharedElasticsearch } from '../../elasticsearch/sharedElasticsearch.js';
import type { OutsideTool } from '../../helpers/outsideTool.js';

/**
 * A store the crash trials run on. Adding one (Elasticsearch, once kcr.yaml can select it) is
 * one more entry in CRASH_STORES: how kcr.yaml selects it, how the test opens it after a kill,
 * and how far an apply has got while it runs.
 */
export interface CrashStore {
  name: string;
  /** What the store needs from outside npm (null fields = nothing). */
  tool: OutsideTool;
  /** Starts what the store needs (a cluster) before the trials; returns how to stop it. */
  prepare?(): Promise<() => Promise<void>>;
  /** The `store:` line of kcr.yaml for a working dir whose data lives in `<dir>/data`. */
  configYaml(dir: string): string;
  /** Opens the store as kcr would after the crash; throws if it cannot. */
  open(dir: string): Promise<Store>;
  /** Store-level integrity beyond opening (sqlite: PRAGMA integrity_check); '' when none. */
  integrityProblems(dir: string): string;
  /** Operations recorded so far for the applies of `planId`, any outcome but pending (polled while the apply runs). */
  recordedOperations(dir: string, planId: string): Promise<number>;
  /** Releases what recordedOperations keeps open. */
  closeProgress(): Promise<void>;
  /** The short variant's size, when this store needs a smaller one than the default (3 trials of 300). */
  short?: { trials: number; count: number };
}

const dbPath = (dir: string) => join(dir, 'data', 'kcr.db');

function sqliteStore(): CrashStore {
  let reader: Database.Database | undefined;
  let readerPath = '';
  return {
    name: 'sqlite',
    tool: { needs: 'nothing', missingBecause: null, enableWith: '' },
    configYaml: () => 'store: {type: sqlite, dataDir: ./data}',
    open: (dir) => openSqliteStore({ dataDir: join(dir, 'data') }),
    integrityProblems(dir) {
      const db = new Database(dbPath(dir), { readonly: true, fileMustExist: true });
      try {
        const result = db.pragma('integrity_check', { simple: true });
        return result === 'ok' ? '' : String(result);
      } finally {
        db.close();
      }
    },
    async recordedOperations(dir, planId) {
      if (readerPath !== dbPath(dir)) {
        reader?.close();
        reader = undefined;
        if (!existsSync(dbPath(dir))) return 0;
        reader = new Database(dbPath(dir), { readonly: true, fileMustExist: true });
        readerPath = dbPath(dir);
      }
      const row = reader!.prepare("SELECT count(*) AS n FROM apply_operations WHERE outcome <> 'pending' AND apply_id IN (SELECT apply_id FROM applies WHERE plan_id = ?)").get(planId) as { n: number };
      return row.n;
    },
    async closeProgress() {
      reader?.close();
      reader = undefined;
      readerPath = '';
    },
  };
}

/**
 * Elasticsearch (the shared test node, test/elasticsearch/): each working dir gets its own index
 * prefix; the store is opened as kcr opens it, recovery of unfinished operation effects included.
 */
function elasticsearchStore(): CrashStore {
  let url = '';
  const encryptionKey = randomBytes(32).toString('hex');
  const prefixOf = (dir: string) => `kcr-t-crash-${basename(dir).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const openAt = (dir: string) => openElasticsearchStore({ nodes: [url], indexPrefix: prefixOf(dir), encryptionKey });
  let progress: { dir: string; store: Promise<Store> } | undefined;
  return {
    name: 'elasticsearch',
    tool: elasticsearchAvailability(),
    short: { trials: 10, count: 150 },
    async prepare() {
      url = (await sharedElasticsearch()).url;
      return async () => undefined;
    },
    configYaml: (dir) => `store: {type: elasticsearch, nodes: ["${url}"], indexPrefix: ${prefixOf(dir)}}\nencryptionKey: "${encryptionKey}"`,
    open: openAt,
    integrityProblems: () => '',
    async recordedOperations(dir, planId) {
      if (progress?.dir !== dir) {
        await this.closeProgress();
        progress = { dir, store: openAt(dir) };
      }
      const store = await progress.store;
      // Searches see writes after a refresh (1 s by default): refresh first, or the kill lands late.
      await fetch(`${url}/${prefixOf(dir)}-*/_refresh`, { method: 'POST' });
      const apply = (await store.listApplies({ planId })).items[0];
      const record = apply ? await store.getApply(apply.apply_id) : null;
      return record?.operations.filter((op) => op.outcome !== 'pending').length ?? 0;
    },
    async closeProgress() {
      const open = progress;
      progress = undefined;
      if (open) await (await open.store).close();
    },
  };
}

/** Every store the crash trials run on. */
export const CRASH_STORES: readonly CrashStore[] = [sqliteStore(), elasticsearchStore()];
