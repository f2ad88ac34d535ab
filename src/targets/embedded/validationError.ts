import type { ConnectorValidationIssue } from '../../connector-types/types.js';
import { KcrError } from '../../errors.js';

/**
 * The error Kibana answers a failed type validation with: its message for the first problem (the
 * one Kibana stops at) and status (403 for a disabled type), plus every problem in `errors` so a
 * user can fix them all in one go.
 */
export function validationError(issues: readonly ConnectorValidationIssue[]): KcrError {
  const first = issues[0];
  const code = first.status === 403 ? 'CONNECTOR_TYPE_DISABLED' : 'CONNECTOR_INVALID';
  return new KcrError(code, first.kibanaMessage, {
    status: first.status,
    errors: issues.map((issue) => ({ path: issue.pointer, message: issue.message })),
  });
}

/** Kibana's `enabled_in_config`: `xpack.actions.enabledActionTypes` holds `*` or the type id. */
export function isTypeEnabledInConfig(typeId: string, enabledActionTypes: readonly string[]): boolean {
  return enabledActionTypes.includes('*') || enabledActionTypes.includes(typeId);
}
