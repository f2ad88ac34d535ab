import { isJsonObject, type JsonValue } from '../../model/json.js';
import type { ConnectorView, ResourceChange } from '../../model/plan.js';

/** ANSI styling, or none: `paint` returns the text unchanged when colour is off. */
export type Paint = (style: keyof typeof ANSI, text: string) => string;

export const ANSI = { green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', bold: '\u001b[1m', dim: '\u001b[2m' } as const;

/** Builds the paint function for `renderPlanText({color})`. */
export function painter(color: boolean): Paint {
  return color ? (style, text) => `${ANSI[style]}${text}\u001b[0m` : (_style, text) => text;
}

const SENSITIVE_VALUE = '(sensitive value)';

/** One line of an attribute diff: `+`, `-` or `~` with the attribute path and its value(s). */
interface AttributeLine {
  symbol: '+' | '-' | '~';
  path: string;
  text: string;
  note?: string;
}

/** Terraform-like block of one change: header comment, action symbol, and the attribute lines. */
export function renderChange(change: ResourceChange, paint: Paint): string[] {
  const { actions } = change.change;
  const label = `${change.address} (${change.manifest?.name ?? change.name})`;
  const kind = actions.length === 2 ? 'replace' : actions[0];
  switch (kind) {
    case 'create':
      return block(paint, `# ${label} will be created`, '+', 'green', viewLines('+', change.change.after));
    case 'delete':
      return block(paint, `# ${label} will be destroyed`, '-', 'red', viewLines('-', change.change.before));
    case 'update':
      return block(paint, `# ${label} will be updated in place`, '~', 'yellow', changedLines(change));
    case 'replace':
      return block(paint, `# ${label} must be replaced`, '-/+', 'red', changedLines(change));
    case 'forget':
      return [paint('bold', `  # ${label} will no longer be managed by kcr (forgotten, not destroyed)`)];
    case 'no-op':
      // Only adopt no-ops are rendered: the connector stays as it is but joins the set's inventory.
      return change.change.action_reason === 'adopt' ? [paint('bold', `  # ${label} will be adopted as it is (no change to the connector)`)] : [];
    default:
      return [];
  }
}

function block(paint: Paint, header: string, symbol: string, style: 'green' | 'red' | 'yellow', lines: AttributeLine[]): string[] {
  const width = Math.max(0, ...lines.map((l) => l.path.length));
  const styleOf = { '+': 'green', '-': 'red', '~': 'yellow' } as const;
  const body = lines.map((l) => {
    const text = `      ${paint(styleOf[l.symbol], l.symbol)} ${l.path.padEnd(width)} = ${l.text}`;
    return l.note ? `${text} ${paint('dim', `# ${l.note}`)}` : text;
  });
  // Symbols line up on the right, as Terraform's do: `  +`, `  ~`, `-/+`.
  return [paint('bold', `  ${header}`), `${' '.repeat(3 - symbol.length)}${paint(style, symbol)} connector {`, ...body, '    }'];
}

/** Every attribute of one side: a create shows what will exist, a destroy what will go. */
function viewLines(symbol: '+' | '-', view: ConnectorView | null): AttributeLine[] {
  if (!view) return [];
  const lines: AttributeLine[] = [
    { symbol, path: 'connector_id', text: show(view.connector_id) },
    { symbol, path: 'space_id', text: show(view.space_id) },
    { symbol, path: 'name', text: show(view.name) },
    { symbol, path: 'connector_type_id', text: show(view.connector_type_id) },
  ];
  const leaves = flatten('config', view.config);
  if (leaves.size === 0) lines.push({ symbol, path: 'config', text: '{}' });
  for (const [path, value] of leaves) lines.push({ symbol, path, text: show(value) });
  if (view.secrets !== null) lines.push({ symbol, path: 'secrets', text: SENSITIVE_VALUE });
  return lines;
}

/** Only what changes, field by field, for an update or a replace. */
function changedLines(change: ResourceChange): AttributeLine[] {
  const { before, after } = change.change;
  if (!before || !after) return [];
  const lines: AttributeLine[] = [];
  if (before.connector_type_id !== after.connector_type_id) {
    lines.push({ symbol: '~', path: 'connector_type_id', text: `${show(before.connector_type_id)} -> ${show(after.connector_type_id)}`, note: 'forces replacement' });
  }
  if (before.name !== after.name) lines.push({ symbol: '~', path: 'name', text: `${show(before.name)} -> ${show(after.name)}` });
  lines.push(...configLines(flatten('config', before.config), flatten('config', after.config)));
  if (change.secrets_changed || before.is_missing_secrets) {
    const note = before.is_missing_secrets ? 'secrets are missing and will be set' : 'secrets will change';
    lines.push({ symbol: '~', path: 'secrets', text: SENSITIVE_VALUE, note });
  }
  return lines;
}

function configLines(before: Map<string, JsonValue>, after: Map<string, JsonValue>): AttributeLine[] {
  const lines: AttributeLine[] = [];
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    const was = before.get(path);
    const will = after.get(path);
    if (was === undefined && will !== undefined) lines.push({ symbol: '+', path, text: show(will) });
    else if (was !== undefined && will === undefined) lines.push({ symbol: '-', path, text: `${show(was)} -> null` });
    else if (JSON.stringify(was) !== JSON.stringify(will)) lines.push({ symbol: '~', path, text: `${show(was)} -> ${show(will)}` });
  }
  return lines;
}

/** Leaf values by dotted path; arrays are leaves (shown as JSON), like Terraform shows a list value. */
function flatten(prefix: string, value: JsonValue, into = new Map<string, JsonValue>()): Map<string, JsonValue> {
  // An empty nested object is a value of its own; only the root `config` may vanish into its leaves.
  if (isJsonObject(value) && (Object.keys(value).length > 0 || prefix === 'config')) {
    for (const key of Object.keys(value).sort()) flatten(`${prefix}.${key}`, value[key], into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

function show(value: JsonValue | undefined): string {
  return JSON.stringify(value ?? null);
}
