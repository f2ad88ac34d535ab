import type { InventoryEntry } from '../../model/inventory.js';
import type { ExportConnector } from './types.js';

const MAX_NAME_LENGTH = 63;

/**
 * A manifest name (`metadata.name`) for every exported connector, unique within the export:
 * the inventory's manifest name when a set owns the connector (so re-planning that set matches
 * it), else a slug of the connector's display name. Owned connectors are named first so their
 * recorded names win any clash; the result maps connector id to name.
 */
export function exportManifestNames(connectors: ExportConnector[], inventory: InventoryEntry[]): Map<string, string> {
  const owners = ownersById(inventory);
  const taken = new Set<string>();
  const names = new Map<string, string>();
  const owned = connectors.filter((connector) => owners.has(connector.id));
  const unowned = connectors.filter((connector) => !owners.has(connector.id));
  for (const connector of owned) names.set(connector.id, uniqueName(owners.get(connector.id)!.manifestName, taken));
  for (const connector of unowned) names.set(connector.id, uniqueName(slugOf(connector.name), taken));
  return names;
}

/** The inventory entry of each connector id (a connector has at most one owning set). */
export function ownersById(inventory: InventoryEntry[]): Map<string, InventoryEntry> {
  return new Map(inventory.map((entry) => [entry.connectorId, entry]));
}

/** A valid manifest name from free text: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters. */
export function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'connector' : slug;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let counter = 2; taken.has(name); counter += 1) {
    const suffix = `-${counter}`;
    name = `${wanted.slice(0, MAX_NAME_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}
