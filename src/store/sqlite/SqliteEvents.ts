import type { Database, Statement } from 'better-sqlite3';
import type { KcrEvent } from '../../model/events.js';
import type { EventListFilter } from '../Store.js';
import { StatementCache, pageOf, whereClause } from './sqlQuery.js';

interface EventRow {
  id: number;
  time: string;
  actor: string;
  action: string;
  outcome: KcrEvent['outcome'];
  space_id: string | null;
  connector_id: string | null;
  set_name: string | null;
  plan_id: string | null;
  apply_id: string | null;
  origin: string | null;
  remote_address: string | null;
  request_id: string | null;
  message: string;
  details: string | null;
}

/** The append-only event log: there is no update or delete here, and triggers refuse them in SQL too. */
export class SqliteEvents {
  readonly #queries: StatementCache;
  readonly #insert: Statement<Omit<EventRow, 'id'>>;

  constructor(db: Database) {
    this.#queries = new StatementCache(db);
    this.#insert = db.prepare(`INSERT INTO events (time, actor, action, outcome, space_id, connector_id, set_name, plan_id, apply_id, origin,
      remote_address, request_id, message, details) VALUES (@time, @actor, @action, @outcome, @space_id, @connector_id, @set_name, @plan_id,
      @apply_id, @origin, @remote_address, @request_id, @message, @details)`);
  }

  /** Returns the new event's id (ids only grow). */
  append(event: KcrEvent): number {
    const result = this.#insert.run({
      time: event.time, actor: event.actor, action: event.action, outcome: event.outcome, space_id: event.space_id ?? null,
      connector_id: event.connector_id ?? null, set_name: event.set ?? null, plan_id: event.plan_id ?? null, apply_id: event.apply_id ?? null,
      origin: event.origin ?? null, remote_address: event.remote_address ?? null, request_id: event.request_id ?? null,
      message: event.message, details: event.details === undefined ? null : JSON.stringify(event.details),
    });
    return Number(result.lastInsertRowid);
  }

  /** Newest first (by time, then id), with the total count of matches. */
  list(filter: EventListFilter = {}): { items: KcrEvent[]; total: number } {
    const { sql, params } = whereClause([
      ['space_id = ?', filter.space],
      ['connector_id = ?', filter.connectorId],
      ['action = ?', filter.action],
      ['actor = ?', filter.actor],
      ['time >= ?', filter.since],
      ['time <= ?', filter.until],
    ]);
    const { limit, offset } = pageOf(filter);
    const total = (this.#queries.get(`SELECT count(*) AS n FROM events ${sql}`).get(...params) as { n: number }).n;
    const rows = this.#queries.get(`SELECT * FROM events ${sql} ORDER BY time DESC, id DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as EventRow[];
    return { items: rows.map(toEvent), total };
  }
}

function toEvent(row: EventRow): KcrEvent {
  const event: KcrEvent = { id: row.id, time: row.time, actor: row.actor, action: row.action, outcome: row.outcome, message: row.message };
  if (row.space_id !== null) event.space_id = row.space_id;
  if (row.connector_id !== null) event.connector_id = row.connector_id;
  if (row.set_name !== null) event.set = row.set_name;
  if (row.plan_id !== null) event.plan_id = row.plan_id;
  if (row.apply_id !== null) event.apply_id = row.apply_id;
  if (row.origin !== null) event.origin = row.origin;
  if (row.remote_address !== null) event.remote_address = row.remote_address;
  if (row.request_id !== null) event.request_id = row.request_id;
  if (row.details !== null) event.details = JSON.parse(row.details) as Record<string, unknown>;
  return event;
}
