import { canonicalStringify } from '../../model/canonicalJson.js';
import { isJsonObject, type JsonValue } from '../../model/json.js';
import type { ConnectorView, ResourceChange } from '../../model/plan.js';

/** One changed field of a resource change, old beside new; `undefined` means absent on that side. */
export interface FieldDiff {
  /** `name`, `connector_type_id`, `config.url`, `config.headers.X-Team`, or `secrets`. */
  field: string;
  before: string | undefined;
  after: string | undefined;
  /** A secret: the values are never known, only that they are set and whether they changed. */
  sensitive: boolean;
}

/** The value a sensitive field shows: a plan holds the fingerprint comparison, never a value. */
export const SENSITIVE = '(sensitive value)';

/**
 * The fields a change alters, in a stable order (name, type, config paths sorted, then secrets):
 * config is flattened to dotted paths down to scalars and arrays, so a one-key change in a large
 * config is one row, not two blobs. A plan's `before`/`after` hold no secret value (SPEC
 * section 5), so the secrets row says only set/absent and whether the fingerprint moved.
 */
export function fieldDiffs(change: ResourceChange): FieldDiff[] {
  const before = change.change.before;
  const after = change.change.after;
  const left = flatten(before);
  const right = flatten(after);
  const fields = [...new Set([...left.keys(), ...right.keys()])].sort(byFieldOrder);
  const diffs: FieldDiff[] = fields
    .filter((field) => left.get(field) !== right.get(field))
    .map((field) => ({ field, before: left.get(field), after: right.get(field), sensitive: false }));
  const hadSecrets = before?.secrets === '(sensitive)';
  const hasSecrets = after?.secrets === '(sensitive)';
  if (change.secrets_changed || hadSecrets !== hasSecrets) {
    diffs.push({
      field: 'secrets', sensitive: true,
      before: hadSecrets ? SENSITIVE : before ? 'none' : undefined,
      after: hasSecrets ? (change.secrets_changed && hadSecrets ? `${SENSITIVE}, changed` : SENSITIVE) : after ? 'none' : undefined,
    });
  }
  return diffs;
}

function flatten(view: ConnectorView | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!view) return out;
  out.set('name', JSON.stringify(view.name));
  out.set('connector_type_id', JSON.stringify(view.connector_type_id));
  walk(view.config, 'config', out);
  return out;
}

function walk(value: JsonValue, path: string, out: Map<string, string>): void {
  if (isJsonObject(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) if (child !== null) walk(child, `${path}.${key}`, out);
    return;
  }
  out.set(path, canonicalStringify(value));
}

const FIRST = ['name', 'connector_type_id'];

function byFieldOrder(a: string, b: string): number {
  const rank = (field: string) => (FIRST.includes(field) ? FIRST.indexOf(field) : FIRST.length);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
