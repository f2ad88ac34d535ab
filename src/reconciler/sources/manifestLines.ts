import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { ManifestError } from '../manifests/index.js';
import { formatManifestError } from '../manifests/index.js';

/**
 * The line of a manifest problem inside its file, for people reading a source's status in a
 * repository: the YAML node at the error's JSON pointer, or its nearest parent that exists (a
 * required key that is missing points at its object). A syntax error already names its line.
 * Undefined when the file cannot be read again or is not YAML.
 */
export function lineOfManifestError(root: string, error: ManifestError): number | undefined {
  const inMessage = /\bline (\d+)\b/.exec(error.message);
  if (inMessage) return Number(inMessage[1]);
  if (!/\.ya?ml$/i.test(error.file)) return undefined;
  let text: string;
  try {
    text = readFileSync(join(root, error.file), 'utf8');
  } catch {
    return undefined;
  }
  const lineCounter = new LineCounter();
  const document = parseAllDocuments(text, { lineCounter })[error.document];
  if (!document || !('getIn' in document)) return undefined;
  const segments = error.pointer === '' ? [] : error.pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let length = segments.length; length >= 0; length--) {
    const path = segments.slice(0, length).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node = length === 0 ? document.contents : document.getIn(path, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

/** `connectors/slack.yaml:7 [doc 0] /spec/name: ...`: the loader's line with the file's line number where it can be found. */
export function formatSourceManifestError(root: string, error: ManifestError): string {
  const line = lineOfManifestError(root, error);
  const formatted = formatManifestError(error);
  return line === undefined ? formatted : `${error.file}:${line} ${formatted.slice(error.file.length)}`;
}
