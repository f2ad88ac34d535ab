import type { PlanMessage } from '../../model/plan.js';

/**
 * The codes of `plan.errors[]` and `plan.warnings[]`. A plan with any error is stored for
 * review but never applied (`applyable: false`; applying it is `PLAN_NOT_APPLYABLE`). Kept in
 * one place so that documentation can list every code.
 */
export const PLAN_ERROR_CODES = {
  OWNED_BY_OTHER_SET: 'The connector is in another manifest set\'s inventory; one set can never manage another\'s connector.',
  PRECONFIGURED_CONNECTOR: 'The manifest uses the id of a preconfigured connector, which no set can manage.',
  SYSTEM_CONNECTOR: 'The manifest uses the id of a system connector, which no set can manage.',
  ADOPT_REQUIRES_REPLACE: 'An existing connector no set owns has another type than its manifest; adopting it would mean deleting a connector the set does not own.',
  PROTECTED_CONNECTOR: 'The plan would delete or replace a connector whose policy has `protect: true` (the last applied policy counts after its manifest is removed).',
  EMPTY_DESIRED_STATE: 'The desired state has no connectors while the set owns some; pass --allow-empty to delete them all.',
  TOO_MANY_DELETES: 'The plan deletes (replaces included) more connectors than --max-deletes allows.',
} as const;

export const PLAN_WARNING_CODES = {
  CONNECTOR_IN_USE: 'The plan deletes or replaces a connector that rules use (`referenced_by_count > 0`).',
  ADOPT_SECRETS_UNKNOWN: 'An adopted connector\'s secrets cannot be read, so the apply overwrites them with the manifest\'s.',
} as const;

export type PlanErrorCode = keyof typeof PLAN_ERROR_CODES;
export type PlanWarningCode = keyof typeof PLAN_WARNING_CODES;

/** A plan error with a catalogued code. */
export function planError(code: PlanErrorCode, message: string, address?: string): PlanMessage {
  return address === undefined ? { code, message } : { code, message, address };
}

/** A plan warning with a catalogued code. */
export function planWarning(code: PlanWarningCode, message: string, address?: string): PlanMessage {
  return address === undefined ? { code, message } : { code, message, address };
}
