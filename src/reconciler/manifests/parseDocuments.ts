import { Composer, LineCounter, Parser, type Document } from 'yaml';
import { jsonErrorOffset } from './jsonErrorOffset.js';
import type { ManifestIssue, ParsedDocument } from './types.js';

/**
 * Splits YAML text into its documents (`---`). Every document keeps its index in the file, empty
 * ones included, so `[doc N]` matches what a reader counts; empty documents carry no value and are
 * skipped later. Syntax errors are reported with line and column but without the parser's excerpt
 * of the text, which could show a literal secret.
 */
export function parseYamlDocuments(text: string): ParsedDocument[] {
  const lineCounter = new LineCounter();
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  const parsed: ParsedDocument[] = [];
  // Document by document (what parseAllDocuments does, without holding every document's syntax
  // tree until the last one is read): a document's tree is garbage once its value is taken,
  // so a large file keeps little alive while it is parsed.
  for (const document of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    parsed.push(toParsedDocument(document, parsed.length, lineCounter));
  }
  return parsed;
}

function toParsedDocument(document: Document.Parsed, index: number, lineCounter: LineCounter): ParsedDocument {
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { pointer: '', message: `YAML syntax error at line ${line}, column ${col}: ${firstLine(error.message)}` };
    });
    return { index, issues };
  }
  if (document.contents === null) return { index, issues: [] };
  try {
    return { index, value: document.toJS({ maxAliasCount: 100 }), issues: [] };
  } catch (error) {
    return { index, issues: [{ pointer: '', message: `YAML document cannot be read: ${firstLine(String((error as Error).message))}` }] };
  }
}

/**
 * One JSON document: a Connector, a ConnectorList, or an array of them (each element then counts
 * as a document, index = array position). With `allowWrapper` (HTTP bodies), `{"manifests": [...]}` too.
 */
export function parseJsonDocuments(text: string, allowWrapper: boolean): ParsedDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [{ index: 0, issues: [jsonSyntaxIssue(text, error as Error)] }];
  }
  if (allowWrapper && isManifestsWrapper(value)) {
    if (!Array.isArray(value.manifests)) return [{ index: 0, issues: [{ pointer: '/manifests', message: `must be an array of manifests (found ${typeof value.manifests})` }] }];
    value = value.manifests;
  }
  const values = Array.isArray(value) ? value : [value];
  return values.map((element, index) => ({ index, value: element ?? undefined, issues: [] }));
}

function isManifestsWrapper(value: unknown): value is { manifests: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'manifests' in value && !('apiVersion' in value);
}

/** V8's JSON messages may quote the text around the error (a secret, perhaps): keep only the position, as line and column. */
function jsonSyntaxIssue(text: string, error: Error): ManifestIssue {
  const reason = jsonReason(error);
  const position = /at position (\d+)/.exec(error.message)?.[1] ?? jsonErrorOffset(text);
  if (position === undefined) return { pointer: '', message: `JSON syntax error: ${reason}; expected a valid JSON document` };
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { pointer: '', message: `JSON syntax error at line ${line}, column ${column}: ${reason}; expected a valid JSON document` };
}

/**
 * The parser's reason without V8's quoted excerpt (`Unexpected token 's', ..."b": sekr"... is not
 * valid JSON`): the excerpt is the manifest text itself, and may be a secret.
 */
export function jsonReason(error: Error): string {
  return firstLine(error.message).split(/,\s*(?:\.\.\.)?"/)[0].replace(/ in JSON at position \d+.*$/, '');
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
