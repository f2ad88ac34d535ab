import type { KcrEvent } from '../../../model/events.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { applyHref, badge, idCell, pager, planHref, table, timeCell } from '../layout.js';

/** The filters of the event log, as the GET form sends them. */
export interface EventFilters {
  space?: string;
  connector_id?: string;
  action?: string;
  actor?: string;
}

export interface EventsData {
  events: KcrEvent[];
  filters: EventFilters;
  page: { limit: number; offset: number; total: number };
}

/** The append-only event log, newest first, filterable by space, connector, action and actor. */
export function eventsBody(data: EventsData): Html {
  const field = (name: keyof EventFilters, label: string) =>
    html`<label for="f-${name}">${label}<input id="f-${name}" name="${name}" value="${data.filters[name] ?? ''}"></label>`;
  const rows = data.events.map((event): HtmlValue[] => [
    timeCell(event.time), event.actor, html`<code>${event.action}</code>`, badge(event.outcome), event.space_id ?? html`<span class="muted">—</span>`,
    idCell(event.connector_id), event.set ?? html`<span class="muted">—</span>`,
    html`${event.plan_id ? idCell(event.plan_id, planHref(event.plan_id)) : ''} ${event.apply_id ? idCell(event.apply_id, applyHref(event.apply_id)) : ''}`,
    event.origin ?? '', event.message,
  ]);
  return html`<form class="filters" method="get" action="/ui/events" role="search">
${field('space', 'Space')}${field('connector_id', 'Connector id')}${field('action', 'Action (e.g. connector.update)')}${field('actor', 'Actor')}
<button type="submit">Filter</button>
</form>
${table({ caption: 'Events, newest first', columns: ['Time (UTC)', 'Actor', 'Action', 'Outcome', 'Space', 'Connector', 'Set', 'Plan / apply', 'Origin', 'Message'], rows, empty: 'No events match.' })}
${pager('/ui/events', { ...data.filters }, { ...data.page, shown: data.events.length })}`;
}
