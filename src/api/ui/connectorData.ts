import type { ActualConnector } from '../../model/connector.js';
import type { KcrEvent } from '../../model/events.js';
import type { InventoryEntry } from '../../model/inventory.js';
import { secretKeyTree } from '../../reconciler/export/secretKeys.js';
import type { SecretKeyTree } from '../../reconciler/export/types.js';
import { compiledSchema } from '../../schemas/schemaCatalog.js';
import type { Principal } from '../../security/principals.js';
import { isVisibleTo } from '../security/visibleItems.js';
import { filterConnectors, type ConnectorFilters } from './connectorList.js';
import { knownSpaces } from './uiData.js';
import type { UiSources } from './uiSources.js';

/** The last successful write to a connector: when and by whom (from the event log). */
export interface LastChange {
  time: string;
  actor: string;
  action: string;
}

/** One row of the connectors page. */
export interface ConnectorRow {
  connector: ActualConnector;
  owner: InventoryEntry | undefined;
  lastChange: LastChange | undefined;
}

export interface ConnectorsPageData {
  filters: ConnectorFilters;
  knownSpaces: string[];
  rows: ConnectorRow[];
  /** Connectors in the space before filtering, and after. */
  inSpace: number;
  matching: number;
  page: { limit: number; offset: number };
}

/** Events looked at per connector to find its last successful write (failed attempts are skipped). */
const LAST_CHANGE_WINDOW = 5;

/**
 * One page of a space's connectors. The target lists the whole space in one call (Kibana's API
 * has no paging, and the embedded target reads 10,000 rows in tens of milliseconds); filtering,
 * the stable sort and the slice happen here, and only the rows shown get their owner (one
 * inventory query by id) and last change (one indexed event query each) looked up.
 */
export async function connectorsPageData(sources: UiSources, principal: Principal, filters: ConnectorFilters, page: { limit: number; offset: number }): Promise<ConnectorsPageData> {
  const [connectors, spaces] = await Promise.all([sources.listConnectors(filters.space), knownSpaces(sources, principal)]);
  const matching = filterConnectors(connectors, filters, sources.registry);
  const shown = matching.slice(page.offset, page.offset + page.limit);
  // Owners of the shown rows only (a store that ignores `connectorIds` still answers correctly: the map is looked up by id).
  const inventory = await sources.store.listInventory({ spaceIds: [filters.space], connectorIds: shown.map((c) => c.id) });
  const owners = new Map(inventory.map((entry) => [entry.connectorId, entry]));
  const rows = await Promise.all(shown.map(async (connector): Promise<ConnectorRow> => ({
    connector, owner: owners.get(connector.id), lastChange: await lastChangeOf(sources, filters.space, connector.id),
  })));
  return { filters, knownSpaces: spaces, rows, inSpace: connectors.length, matching: matching.length, page };
}

async function lastChangeOf(sources: UiSources, space: string, connectorId: string): Promise<LastChange | undefined> {
  const { items } = await sources.reconciler.listEvents({ space, connectorId, limit: LAST_CHANGE_WINDOW });
  const last = items.find((event) => event.outcome === 'success' && event.action.startsWith('connector.'));
  return last && { time: last.time, actor: last.actor, action: last.action };
}

/** One secret field a connector type takes, and whether this connector has a value for it. */
export interface SecretField {
  name: string;
  required: boolean;
  description?: string;
  /** `set`/`unset` when the target can tell (embedded), `unknown` otherwise (Kibana never returns secrets). */
  state: 'set' | 'unset' | 'unknown';
}

export interface ConnectorDetailData {
  connector: ActualConnector;
  owner: InventoryEntry | undefined;
  secretFields: SecretField[];
  events: KcrEvent[];
  /** Plans that changed this connector, newest first, with the apply that did it and its outcome. */
  plans: Array<{ planId: string; applyId?: string; time: string; action: string; outcome: string }>;
  targetKind: string;
}

/** Events shown on a connector's page; plans are found among the same events. */
const CONNECTOR_EVENTS = 200;

/** Everything a connector's page shows, limited to what the principal reads (the route checked the space). */
export async function connectorDetailData(sources: UiSources, principal: Principal, space: string, id: string): Promise<ConnectorDetailData> {
  const connector = await sources.getConnector(space, id);
  const [inventory, events, stored] = await Promise.all([
    sources.store.listInventory({ spaceIds: [space], connectorIds: [id] }),
    sources.reconciler.listEvents({ space, connectorId: id, limit: CONNECTOR_EVENTS }),
    storedSecretKeys(sources, space, id),
  ]);
  const visible = events.items.filter((event) => isVisibleTo(principal, event));
  const plans = new Map<string, ConnectorDetailData['plans'][number]>();
  for (const event of visible) {
    if (event.plan_id && !plans.has(event.plan_id)) plans.set(event.plan_id, { planId: event.plan_id, applyId: event.apply_id, time: event.time, action: event.action, outcome: event.outcome });
  }
  return {
    connector, owner: inventory.find((entry) => entry.connectorId === id), secretFields: secretFieldsOf(sources, connector, stored),
    events: visible, plans: [...plans.values()], targetKind: sources.reconciler.targetKind,
  };
}

/** Which secret keys the embedded target stores for this connector (values dropped at once); null when the target cannot tell. */
async function storedSecretKeys(sources: UiSources, space: string, id: string): Promise<SecretKeyTree | null> {
  if (sources.reconciler.targetKind !== 'embedded') return null;
  const row = await sources.store.embeddedConnectors.get(space, id);
  return row ? secretKeyTree(row.secrets.reveal()) : null;
}

interface SecretsSchema {
  required?: string[];
  properties?: Record<string, { description?: string }>;
}

function secretFieldsOf(sources: UiSources, connector: ActualConnector, stored: SecretKeyTree | null): SecretField[] {
  const type = sources.registry.get(connector.connectorTypeId);
  if (!type || connector.isPreconfigured) return [];
  const schema = compiledSchema(type.secretsSchemaId).schema as SecretsSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name, required: required.has(name), description: property.description,
    state: connector.isMissingSecrets ? 'unset' : stored === null ? 'unknown' : name in stored ? 'set' : 'unset',
  }));
}
