import type { ConnectorTypeDefinition } from '../../../connector-types/types.js';
import type { ConnectorRow, ConnectorsPageData } from '../connectorData.js';
import { CATEGORIES } from '../connectorList.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { badge, connectorHref, connectorsHref, pager, table, timeCell } from '../layout.js';

/** The connectors page with the choices its form offers (the registry's types, for the type filter). */
export interface ConnectorsView extends ConnectorsPageData {
  types: ConnectorTypeDefinition[];
}

/**
 * The connectors of one space, as Kibana's connectors page finds them: search by name, filter by
 * type and category, all in the query string of a GET form (shareable, no script), a stable order
 * and server-side pages. Never any secret: connectors carry none, only `missing secrets`.
 */
export function connectorsBody(data: ConnectorsView): Html {
  const { filters } = data;
  const caption = filters.q || filters.type || filters.category
    ? `${data.matching} of ${data.inSpace} connectors in space ${filters.space} match`
    : `${data.inSpace} connectors in space ${filters.space}, by name`;
  const empty = data.inSpace === 0
    ? `No connectors in space ${filters.space} yet. Apply manifests with kcr apply, or create one through the connectors API.`
    : 'No connector matches these filters. Clear the search or choose another type or category.';
  const rows = data.rows.map((row) => connectorRow(row, filters.space));
  const pageFilters = { space: filters.space, q: filters.q, type: filters.type, category: filters.category };
  return html`${filterForm(data)}
${table({ caption, columns: ['Name', 'Type', 'Owning set', 'Preconfigured', 'Missing secrets', 'Last change (UTC)', 'By'], rows, empty })}
${pager('/ui/connectors', pageFilters, { ...data.page, shown: data.rows.length, total: data.matching }, { prev: '← Previous', next: 'Next →' })}`;
}

function connectorRow({ connector: c, owner, lastChange }: ConnectorRow, space: string): HtmlValue[] {
  return [
    html`<a href="${connectorHref(space, c.id)}">${c.name}</a>`,
    html`<code>${c.connectorTypeId}</code>`,
    owner ? html`${owner.set}` : html`<span class="muted">none</span>`,
    c.isPreconfigured ? badge('preconfigured', 'info') : html`<span class="muted">no</span>`,
    c.isMissingSecrets ? badge('missing secrets', 'warn') : html`<span class="muted">no</span>`,
    lastChange ? timeCell(lastChange.time) : html`<span class="muted">—</span>`,
    lastChange ? lastChange.actor : html`<span class="muted">—</span>`,
  ];
}

function filterForm(data: ConnectorsView): Html {
  const { filters } = data;
  const option = (value: string, label: string, current: string | undefined) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  const spaces = [...new Set([filters.space, ...data.knownSpaces])].sort().map((space) => option(space, space, filters.space));
  const types = [...data.types].sort((a, b) => a.name.localeCompare(b.name)).map((type) => option(type.id, `${type.name} (${type.id})`, filters.type));
  const categories = CATEGORIES.map((c) => option(c.key, c.label, filters.category));
  return html`<form class="filters" method="get" action="/ui/connectors" role="search" aria-label="Find connectors">
<label for="f-space">Space<select id="f-space" name="space">${spaces}</select></label>
<label for="f-q">Name contains<input id="f-q" name="q" type="search" value="${filters.q ?? ''}" maxlength="200"></label>
<label for="f-type">Type<select id="f-type" name="type">${option('', 'any type', filters.type)}${types}</select></label>
<label for="f-category">Category<select id="f-category" name="category">${option('', 'any category', filters.category)}${categories}</select></label>
<button type="submit">Search</button>
<a href="${connectorsHref(filters.space)}">Clear filters</a>
</form>`;
}
