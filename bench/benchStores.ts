/**
 * The stores the whole-process benchmarks run against, one table each. A store joins with
 * `registerBenchStore` from its own bench module, imported by run.ts (elasticsearchBench.ts
 * does): the scaling table then measures it beside SQLite in the same run.
 */
export interface BenchStore {
  /** Short name, printed as the table's column group. */
  name: string;
  /** `KCR_*` variables that select and reach this store (added to every kcr process). */
  env: Record<string, string>;
  /** False when the store cannot be used on this machine (its server is not running); the reason is printed. */
  available(): Promise<true | string>;
  /** Called once per table row with the row's data directory, before any kcr process runs (e.g. to empty an index). */
  reset?(dataDir: string): Promise<void>;
  /** Stops what `available` started (a server of its own), once the bench is done. */
  close?(): Promise<void>;
}

const stores: BenchStore[] = [
  { name: 'sqlite', env: {}, available: async () => true },
];

export function registerBenchStore(store: BenchStore): void {
  if (stores.some((known) => known.name === store.name)) throw new Error(`bench store ${store.name} is registered twice`);
  stores.push(store);
}

export function benchStores(): readonly BenchStore[] {
  return stores;
}

/** Stops every store's own servers: a child process left running would keep the bench from exiting. */
export async function closeBenchStores(): Promise<void> {
  for (const store of stores) await store.close?.();
}
