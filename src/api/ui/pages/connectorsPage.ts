import type { ActualConnector } from '../../../model/connector.js';
import type { InventoryEntry } from '../../../model/inventory.js';
import { html, type Html, type HtmlValue } from '../html.js';
import { badge, idCell, table } from '../layout.js';
import { flag } from './rows.js';

export interface ConnectorsData {
  space: string;
  /** Spaces the viewer reads, offered in the picker. */
  knownSpaces: string[];
  connectors: ActualConnector[];
  /** Inventory entries of this space: which set owns which connector. */
  owners: InventoryEntry[];
}

/** The connectors of one space, sorted by name as Kibana lists them; never any secret (connectors carry none). */
export function connectorsBody(data: ConnectorsData): Html {
  const ownerOf = new Map(data.owners.map((entry) => [entry.connectorId, entry]));
  const rows = [...data.connectors].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).map((c): HtmlValue[] => {
    const owner = ownerOf.get(c.id);
    return [
      c.name, html`<code>${c.connectorTypeId}</code>`, idCell(c.id),
      owner ? html`${owner.set} <span class="muted">(manifest ${owner.manifestName})</span>` : c.isPreconfigured ? html`<span class="muted">preconfigured</span>` : html`<span class="muted">none</span>`,
      c.isMissingSecrets ? badge('missing secrets', 'warn') : html`<span class="muted">no</span>`,
      flag(c.isDeprecated, 'deprecated'),
    ];
  });
  const options = data.knownSpaces.map((space) => html`<option value="${space}"></option>`);
  return html`<form class="filters" method="get" action="/ui/connectors" role="search">
<label for="f-space">Space<input id="f-space" name="space" value="${data.space}" list="known-spaces" required pattern="[a-z0-9_\\-]{1,255}"></label>
<datalist id="known-spaces">${options}</datalist>
<button type="submit">Show</button>
</form>
${table({ caption: `Connectors in space ${data.space} (${data.connectors.length})`, columns: ['Name', 'Type', 'Id', 'Owned by set', 'Missing secrets', 'Deprecated'], rows, empty: `No connectors in space ${data.space}.` })}`;
}
