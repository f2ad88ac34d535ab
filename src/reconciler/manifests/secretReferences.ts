import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/json.js';
import { toPointer, pointerSegments } from './schemaIssues.js';
import type { ManifestIssue } from './types.js';

/** Where secret references are resolved from. */
export interface ReferenceContext {
  env: Record<string, string | undefined>;
  /** The folder of the manifest file; undefined for text bodies, where `${file:}` is refused. */
  baseDir?: string;
}

export interface ResolvedSecrets {
  secrets: JsonObject;
  issues: ManifestIssue[];
  /** Every clear string of the result, so messages from later checks can be scrubbed of them. */
  clearStrings: string[];
}

// `${env:NAME}` or `${file:PATH}` anywhere in a string; `$${...}` is a literal `${...}`.
const REFERENCE = /\$(\$?)\{(env|file):([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces every `${env:NAME}` and `${file:PATH}` in the string values of `secrets` (at any
 * depth). A reference that cannot be resolved is an issue at its pointer naming the variable or
 * file, never a value.
 */
export async function resolveSecretReferences(secrets: JsonObject, pointer: string, context: ReferenceContext): Promise<ResolvedSecrets> {
  // Files are read first, once each; the walk itself is then synchronous (most manifests
  // reference no file, and a promise per string value was a visible cost at 10,000 connectors).
  const files = await readReferencedFiles(secrets, context);
  const issues: ManifestIssue[] = [];
  const clearStrings: string[] = [];
  const resolved = resolveValue(secrets, pointerSegments(pointer), { context, files, issues, clear: clearStrings }) as JsonObject;
  return { secrets: resolved, issues, clearStrings };
}

/** What one walk over a secrets object needs and gathers. */
interface Walk {
  context: ReferenceContext;
  /** `${file:PATH}` -> the file's text, or the problem reading it. */
  files: Map<string, string | { problem: string }>;
  issues: ManifestIssue[];
  clear: string[];
}

function resolveValue(value: JsonValue, at: string[], walk: Walk): JsonValue {
  if (typeof value === 'string') {
    const text = resolveString(value, toPointer(at), walk);
    walk.clear.push(text);
    return text;
  }
  if (Array.isArray(value)) return value.map((child, index) => resolveValue(child, [...at, String(index)], walk));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) out[key] = resolveValue(child, [...at, key], walk);
    return out;
  }
  return value;
}

function resolveString(text: string, pointer: string, walk: Walk): string {
  if (!text.includes('${')) return text;
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    parts.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [whole, escape, kind, name] = match;
    if (escape) {
      parts.push(whole.slice(1));
      continue;
    }
    const value = kind === 'env' ? resolveEnv(name, walk.context) : walk.files.get(name)!;
    if (typeof value === 'string') parts.push(value);
    else walk.issues.push({ pointer, message: value.problem });
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Reads every file the secrets reference (`$${file:...}` is a literal, not a reference), each once. */
async function readReferencedFiles(value: JsonValue, context: ReferenceContext): Promise<Map<string, string | { problem: string }>> {
  const files = new Map<string, string | { problem: string }>();
  // Found synchronously first: nearly every manifest references no file, and an awaited walk
  // per secrets value was a visible cost at 10,000 connectors.
  for (const name of fileReferenceNames(value, new Set())) files.set(name, await resolveFile(name, context));
  return files;
}

function fileReferenceNames(value: JsonValue, names: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (!value.includes('${file:')) return names;
    for (const [, escape, kind, name] of value.matchAll(REFERENCE)) if (!escape && kind === 'file') names.add(name);
  } else if (Array.isArray(value)) {
    for (const child of value) fileReferenceNames(child, names);
  } else if (isJsonObject(value)) {
    for (const child of Object.values(value)) fileReferenceNames(child, names);
  }
  return names;
}

function resolveEnv(name: string, context: ReferenceContext): string | { problem: string } {
  if (!ENV_NAME.test(name)) return { problem: `\${env:${name}} is not a valid reference; expected an environment variable name of letters, digits and '_'` };
  const value = context.env[name];
  if (value === undefined) return { problem: `environment variable ${name} is not set; expected it to hold the value of \${env:${name}}` };
  if (value === '') return { problem: `environment variable ${name} is empty; expected it to hold the value of \${env:${name}}` };
  return value;
}

async function resolveFile(path: string, context: ReferenceContext): Promise<string | { problem: string }> {
  if (context.baseDir === undefined) {
    return { problem: `\${file:${path}} cannot be used in manifests sent as text (there is no manifest file to resolve it against); expected a literal or \${env:NAME}` };
  }
  if (path.trim() === '') return { problem: '${file:} names no file; expected ${file:PATH}, PATH relative to the manifest file' };
  const absolute = resolve(context.baseDir, path);
  try {
    // One trailing line break is an artefact of editors and `echo`, never part of the secret.
    return (await readFile(absolute, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    const reason = fileReason((error as NodeJS.ErrnoException).code);
    return { problem: `secret file ${path} (${absolute}) ${reason}; expected a readable file for \${file:${path}}` };
  }
}

function fileReason(code: string | undefined): string {
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot be read (${code ?? 'unknown error'})`;
}
