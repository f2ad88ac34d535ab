import type { Database, Statement } from 'better-sqlite3';

/** Default and maximum page sizes of list calls: a list never loads a whole table by accident. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;

/**
 * A WHERE clause from optional conditions: a condition whose value is undefined is left out,
 * so filters compose without string juggling at each call site. Values are always bound.
 */
export function whereClause(conditions: Array<[string, string | number | undefined]>): { sql: string; params: Array<string | number> } {
  const used = conditions.filter(([, value]) => value !== undefined) as Array<[string, string | number]>;
  if (used.length === 0) return { sql: '', params: [] };
  return { sql: `WHERE ${used.map(([condition]) => `(${condition})`).join(' AND ')}`, params: used.map(([, value]) => value) };
}

/** Clamped limit and offset of a page request. */
export function pageOf(filter: { limit?: number; offset?: number }): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_PAGE_SIZE), 0), MAX_PAGE_SIZE);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  return { limit, offset };
}

/**
 * Prepares each distinct SQL text once per connection: list queries build their WHERE clause
 * from the filters given, and there are only a few dozen combinations.
 */
export class StatementCache {
  readonly #statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
