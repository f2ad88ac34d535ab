import type { JsonValue } from '../../model/json.js';

/** A reference to a Terraform expression (e.g. `var.x`), written unquoted. */
export class HclExpression {
  constructor(readonly text: string) {}
}

type HclValue = JsonValue | HclExpression | { [key: string]: HclValue } | HclValue[];

/**
 * A string literal: JSON's escaping is valid HCL, and HCL's template sequences `${` and `%{`
 * are doubled so a config value that contains them stays literal text.
 */
export function hclString(text: string): string {
  return JSON.stringify(text).replace(/([$%])\{/g, (_match, sign: string) => `${sign}${sign}{`);
}

/** An HCL identifier from a manifest name: `-` becomes `_`, and a leading digit gets a `c_` prefix. */
export function hclIdentifier(name: string): string {
  const identifier = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(identifier) ? identifier : `c_${identifier}`;
}

/** A value as HCL (objects one key a line, indented two spaces a level, as `terraform fmt` lays them out). */
export function hclValue(value: HclValue, indent = ''): string {
  if (value instanceof HclExpression) return value.text;
  if (typeof value === 'string') return hclString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map((item) => hclValue(item)).join(', ')}]`;
    return `[\n${value.map((item) => `${inner}${hclValue(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  // terraform fmt aligns the `=` of consecutive one-line attributes; multi-line values break a run.
  const lines = entries.map(([key, child]) => {
    const rendered = hclValue(child, inner);
    return { key: hclString(key), rendered, single: !rendered.includes('\n') };
  });
  return `{\n${alignAttributes(lines).map((line) => `${inner}${line}`).join('\n')}\n${indent}}`;
}

/**
 * `key = value` lines laid out as terraform fmt does: the `=` of each run of one-line attributes
 * aligned; a multi-line value ends the run before it and is not padded.
 */
export function alignAttributes(lines: { key: string; rendered: string; single: boolean }[]): string[] {
  const out: string[] = [];
  let run: typeof lines = [];
  const flush = () => {
    const runWidth = Math.max(0, ...run.map((line) => line.key.length));
    for (const line of run) out.push(`${line.key.padEnd(runWidth)} = ${line.rendered}`);
    run = [];
  };
  for (const line of lines) {
    if (line.single) {
      run.push(line);
      continue;
    }
    flush();
    out.push(`${line.key} = ${line.rendered}`);
  }
  flush();
  return out;
}

export type { HclValue };
