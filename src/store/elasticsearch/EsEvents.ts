import { randomBytes } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import type { KcrEvent } from '../../model/events.js';
import type { EventListFilter } from '../Store.js';
import { esCall, isConflict } from './esCalls.js';
import { filterOf, pageOf, range, searchPage, term } from './esSearch.js';

/**
 * An event as Elasticsearch holds it: close to ECS, so auditors can open `<prefix>-events` in
 * Kibana Discover next to their other logs (`@timestamp`, `event.action`, `event.outcome`,
 * `user.name`, `kibana.space_ids`, `source.address`, `http.request.id`, `message`); what ECS
 * has no field for is under `kcr.*`. `kcr.time` keeps the exact timestamp text kcr was given.
 */
export interface EventDoc {
  '@timestamp': string;
  message: string;
  event: { action: string; outcome: KcrEvent['outcome']; sequence: number; dataset: 'kcr.audit'; kind: 'event' };
  user: { name: string };
  kibana?: { space_ids: string[] };
  source?: { address: string };
  http?: { request: { id: string } };
  kcr: { time: string; space_id?: string; connector_id?: string; set?: string; plan_id?: string; apply_id?: string; origin?: string; details?: Record<string, unknown> };
}

export function toEventDoc(event: KcrEvent, sequence: number): EventDoc {
  const doc: EventDoc = {
    '@timestamp': event.time, message: event.message,
    event: { action: event.action, outcome: event.outcome, sequence, dataset: 'kcr.audit', kind: 'event' },
    user: { name: event.actor },
    kcr: { time: event.time },
  };
  if (event.space_id !== undefined) {
    doc.kibana = { space_ids: [event.space_id] };
    doc.kcr.space_id = event.space_id;
  }
  if (event.remote_address !== undefined) doc.source = { address: event.remote_address };
  if (event.request_id !== undefined) doc.http = { request: { id: event.request_id } };
  for (const key of ['connector_id', 'set', 'plan_id', 'apply_id', 'origin'] as const) if (event[key] !== undefined) doc.kcr[key] = event[key];
  if (event.details !== undefined) doc.kcr.details = event.details;
  return doc;
}

function fromEventDoc(doc: EventDoc): KcrEvent {
  const event: KcrEvent = { id: doc.event.sequence, time: doc.kcr.time, actor: doc.user.name, action: doc.event.action, outcome: doc.event.outcome, message: doc.message };
  if (doc.kcr.space_id !== undefined) event.space_id = doc.kcr.space_id;
  if (doc.kcr.connector_id !== undefined) event.connector_id = doc.kcr.connector_id;
  if (doc.kcr.set !== undefined) event.set = doc.kcr.set;
  if (doc.kcr.plan_id !== undefined) event.plan_id = doc.kcr.plan_id;
  if (doc.kcr.apply_id !== undefined) event.apply_id = doc.kcr.apply_id;
  if (doc.kcr.origin !== undefined) event.origin = doc.kcr.origin;
  if (doc.source !== undefined) event.remote_address = doc.source.address;
  if (doc.http !== undefined) event.request_id = doc.http.request.id;
  if (doc.kcr.details !== undefined) event.details = doc.kcr.details;
  return event;
}

/** The append-only event log in `<prefix>-events`: documents are created (op_type create), never updated or deleted. */
export class EsEvents {
  constructor(
    private readonly client: Client,
    readonly index: string,
  ) {}

  /**
   * Creates the event under a document id made once for it (its sequence number and a random
   * suffix: two replicas may hand out the same sequence number in the same microsecond), so
   * sending it again after a lost answer writes it once: a 409 means it is there.
   */
  async append(event: KcrEvent, sequence: number): Promise<number> {
    const id = `${sequence}-${randomBytes(6).toString('hex')}`;
    await esCall('append an event', () => this.client.create({ index: this.index, id, document: toEventDoc(event, sequence) }), {
      idempotent: true,
      passThrough: isConflict,
    }).catch((error) => {
      if (!isConflict(error)) throw error;
    });
    return sequence;
  }

  /** Newest first (by time, then id), with the total count of matches. */
  async list(filter: EventListFilter = {}): Promise<{ items: KcrEvent[]; total: number }> {
    const query = filterOf([
      term('kcr.space_id', filter.space), term('kcr.connector_id', filter.connectorId), term('event.action', filter.action),
      term('user.name', filter.actor), range('@timestamp', filter.since, filter.until),
    ]);
    const { hits, total } = await searchPage<EventDoc>(this.client, 'list events', {
      index: this.index, query, sort: [{ '@timestamp': 'desc' }, { 'event.sequence': 'desc' }], ...pageOf(filter),
    });
    return { items: hits.map(fromEventDoc), total };
  }
}
