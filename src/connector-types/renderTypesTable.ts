import type { ConnectorTypeCategory, ConnectorTypeDefinition } from './types.js';

const CATEGORY_ORDER: ConnectorTypeCategory[] = ['Generative AI', 'Elastic Stack', 'Alerting and case management'];

/**
 * The text `kcr types` prints: one block per category (in Kibana's order), one aligned line per
 * type with its id, name, minimum license and supported feature ids; system action types are marked.
 */
export function renderConnectorTypes(types: readonly ConnectorTypeDefinition[]): string {
  const rows = types.map((type) => [
    type.id,
    type.isSystemActionType ? `${type.name} (system)` : type.name,
    type.minimumLicense,
    type.supportedFeatureIds.join(', '),
  ]);
  const header = ['ID', 'NAME', 'LICENSE', 'FEATURES'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd();

  const blocks: string[] = [];
  for (const category of CATEGORY_ORDER) {
    const members = types
      .map((type, index) => ({ type, row: rows[index] }))
      .filter(({ type }) => type.category === category)
      .sort((a, b) => a.type.id.localeCompare(b.type.id));
    if (members.length === 0) continue;
    blocks.push([`${category} (${members.length})`, `  ${line(header)}`, ...members.map(({ row }) => `  ${line(row)}`)].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
