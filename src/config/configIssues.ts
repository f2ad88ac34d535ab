import type { ErrorObject } from 'ajv';
import type { ErrorDetail } from '../errors.js';

/**
 * Turns ajv's errors on a configuration into one line per problem, each with the JSON pointer of
 * the offending setting (`/server/port: must be integer`). Errors ajv reports twice for one
 * problem (an `if` failing because its `then` failed) are dropped, so the list reads as a checklist.
 */
export function configIssues(errors: readonly ErrorObject[], envSources: ReadonlyMap<string, string>): ErrorDetail[] {
  const seen = new Set<string>();
  const issues: ErrorDetail[] = [];
  for (const error of errors) {
    // `if` repeats its `then`; errors inside `propertyNames` repeat the propertyNames error itself.
    if (error.keyword === 'if' || (error.propertyName !== undefined && error.keyword !== 'propertyNames')) continue;
    const detail = describe(error);
    const source = envSources.get(detail.path);
    const message = source ? `${detail.message} (from ${source})` : detail.message;
    const key = `${detail.path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: detail.path, message });
  }
  return issues;
}

/** Renders issues the way every kcr validation report reads: `path: message`, one per line. */
export function renderIssues(issues: readonly ErrorDetail[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
}

function describe(error: ErrorObject): ErrorDetail {
  const at = error.instancePath === '' ? '' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: `${at}/${escape(String(params.additionalProperty))}`, message: 'is not a known setting here' };
    case 'propertyNames':
      return { path: `${at}/${escape(String(params.propertyName))}`, message: "is not a valid id (Kibana refuses '', __proto__ and constructor)" };
    case 'required':
      return { path: `${at}/${escape(String(params.missingProperty))}`, message: 'is required' };
    case 'dependentRequired':
      return { path: `${at}/${escape(String(params.missingProperty))}`, message: `is required when ${String(params.property)} is set` };
    case 'enum':
      return { path: at || '/', message: `must be one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
    default:
      return { path: at || '/', message: error.message ?? 'is invalid' };
  }
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
