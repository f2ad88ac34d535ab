import type { ConnectorTypeCategory, ConnectorTypes } from '../../connector-types/types.js';
import { KcrError } from '../../errors.js';
import type { ActualConnector } from '../../model/connector.js';

/** The categories of Kibana's connectors page, with the short keys the query string uses (`?category=generative-ai`). */
export const CATEGORIES: ReadonlyArray<{ key: string; label: ConnectorTypeCategory }> = [
  { key: 'generative-ai', label: 'Generative AI' },
  { key: 'elastic-stack', label: 'Elastic Stack' },
  { key: 'alerting', label: 'Alerting and case management' },
];

/** What the connectors page's GET form sends; every field but `space` is optional. */
export interface ConnectorFilters {
  space: string;
  /** Case-insensitive substring of the display name. */
  q?: string;
  /** A connector type id, e.g. `.slack`. */
  type?: string;
  /** A key of CATEGORIES. */
  category?: string;
}

/** Refuses a category or type the page does not know, as the API refuses a bad query (400, named). */
export function assertKnownFilters(filters: ConnectorFilters, registry: ConnectorTypes): void {
  if (filters.category !== undefined && !CATEGORIES.some((c) => c.key === filters.category)) {
    throw new KcrError('BAD_REQUEST', `query parameter "category" must be one of ${CATEGORIES.map((c) => c.key).join(', ')}, got "${filters.category.slice(0, 80)}"`);
  }
  if (filters.type !== undefined && !registry.get(filters.type)) {
    throw new KcrError('BAD_REQUEST', `query parameter "type" must be a connector type id such as .slack, got "${filters.type.slice(0, 80)}"`);
  }
}

/** The category label of a type id; preconfigured connectors of a type kcr does not register count as "Other". */
export function categoryOf(registry: ConnectorTypes, typeId: string): ConnectorTypeCategory | 'Other' {
  return registry.get(typeId)?.category ?? 'Other';
}

// One collator for every sort: `localeCompare` builds one per call, a visible cost over 10,000 names.
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * The connectors the filters keep, in the page's stable order: by display name (case- and
 * accent-insensitive, numbers in numeric order, so "hook 2" comes before "hook 10"), then by id,
 * so two connectors with one name never swap places between two page loads.
 */
export function filterConnectors(connectors: readonly ActualConnector[], filters: ConnectorFilters, registry: ConnectorTypes): ActualConnector[] {
  const needle = filters.q?.toLocaleLowerCase('en');
  const category = CATEGORIES.find((c) => c.key === filters.category)?.label;
  const kept = connectors.filter((c) =>
    (needle === undefined || c.name.toLocaleLowerCase('en').includes(needle))
    && (filters.type === undefined || c.connectorTypeId === filters.type)
    && (category === undefined || categoryOf(registry, c.connectorTypeId) === category));
  return kept.sort((a, b) => BY_NAME.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Connector counts of one space by category, in the order of CATEGORIES (then "Other" when any). */
export function countByCategory(connectors: readonly ActualConnector[], registry: ConnectorTypes): Array<{ category: string; count: number }> {
  const counts = new Map<string, number>([...CATEGORIES.map((c): [string, number] => [c.label, 0])]);
  for (const connector of connectors) {
    const category = categoryOf(registry, connector.connectorTypeId);
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].map(([category, count]) => ({ category, count }));
}
