import type { JsonValue } from '../model/json.js';
import type { ConnectorPart, RuleIssue } from './spec.js';

/**
 * Kibana's `validateEmptyStrings`: any string that is empty or only whitespace, at any depth of
 * config or secrets, is rejected before the type sees it. Kibana names the top-level key
 * (`[request body.config.url]`); the pointer goes down to the exact string.
 */
export function findEmptyStrings(part: ConnectorPart, value: JsonValue): RuleIssue[] {
  const issues: RuleIssue[] = [];
  walk(value, [], (segments) => {
    const pointer = `/${part}${segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`;
    const top = segments[0] === undefined ? `request body.${part}` : `request body.${part}.${segments[0]}`;
    issues.push({ pointer, message: "value '' is not valid: expected a non-empty string", kibanaDetail: `[${top}]: value '' is not valid` });
  });
  return issues;
}

function walk(value: JsonValue, segments: string[], report: (segments: string[]) => void): void {
  if (typeof value === 'string') {
    if (value.trim() === '') report(segments);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...segments, String(index)], report));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, [...segments, key], report);
  }
}
