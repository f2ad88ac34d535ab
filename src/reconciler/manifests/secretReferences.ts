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
  const issues: ManifestIssue[] = [];
  const clearStrings: string[] = [];
  const resolved = (await resolveValue(secrets, pointerSegments(pointer), context, issues, clearStrings)) as JsonObject;
  return { secrets: resolved, issues, clearStrings };
}

async function resolveValue(value: JsonValue, at: string[], context: ReferenceContext, issues: ManifestIssue[], clear: string[]): Promise<JsonValue> {
  if (typeof value === 'string') {
    const text = await resolveString(value, toPointer(at), context, issues);
    clear.push(text);
    return text;
  }
  if (Array.isArray(value)) return Promise.all(value.map((child, index) => resolveValue(child, [...at, String(index)], context, issues, clear)));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) out[key] = await resolveValue(child, [...at, key], context, issues, clear);
    return out;
  }
  return value;
}

async function resolveString(text: string, pointer: string, context: ReferenceContext, issues: ManifestIssue[]): Promise<string> {
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
    const value = kind === 'env' ? resolveEnv(name, context) : await resolveFile(name, context);
    if (typeof value === 'string') parts.push(value);
    else issues.push({ pointer, message: value.problem });
  }
  parts.push(text.slice(last));
  return parts.join('');
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
