import type { ActualConnector } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { LastApplied } from '../../model/inventory.js';
import type { JsonObject } from '../../model/json.js';
import { canonicalDigest } from './decision.js';
import type { PlanInput } from './types.js';

/** One shared empty config for connectors that expose none, so its canonical form is memoized too. */
const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

/** How a desired connector differs from the actual one (same identity, same type). */
export interface DesiredVsActual {
  nameChanged: boolean;
  configChanged: boolean;
}

/** Name and canonical config of desired vs actual; the desired policy's ignored pointers apply to both sides. */
export function compareDesiredToActual(input: PlanInput, desired: DesiredConnector, actual: ActualConnector): DesiredVsActual {
  const pointers = desired.policy.ignoreChanges;
  return {
    nameChanged: desired.name !== actual.name,
    configChanged:
      canonicalDigest(input, desired.connectorTypeId, desired.config, pointers) !==
      canonicalDigest(input, actual.connectorTypeId, actual.config ?? EMPTY, pointers),
  };
}

/** True when the manifest changed name or config since kcr last applied it (`pointers`: what is not compared; default the desired policy's). */
export function desiredChangedSinceLastApplied(input: PlanInput, desired: DesiredConnector, last: LastApplied, pointers: readonly string[] = desired.policy.ignoreChanges): boolean {
  return (
    desired.name !== last.name ||
    canonicalDigest(input, desired.connectorTypeId, desired.config, pointers) !==
      canonicalDigest(input, last.connectorTypeId, last.config, pointers)
  );
}

/**
 * Drift: the actual connector is not what kcr last applied (someone changed it outside the set).
 * Secrets count only when the target reports a fingerprint; a connector that lost its secrets
 * (e.g. re-imported from a saved-objects export) has drifted too.
 */
export function hasDrifted(input: PlanInput, actual: ActualConnector, last: LastApplied, ignorePointers: readonly string[]): boolean {
  if (actual.name !== last.name || actual.connectorTypeId !== last.connectorTypeId) return true;
  if (actual.isMissingSecrets) return true;
  if (actual.secretsFingerprint !== undefined && actual.secretsFingerprint !== last.secretsFingerprint) return true;
  return (
    canonicalDigest(input, actual.connectorTypeId, actual.config ?? EMPTY, ignorePointers) !==
    canonicalDigest(input, last.connectorTypeId, last.config, ignorePointers)
  );
}

/**
 * Whether an apply would change the secrets the target holds. For an owned connector: the
 * manifest's fingerprint against the last applied one, and against the target's when it reports
 * one. For an unowned connector (adopt) kcr never saw the secrets: unless the target reports a
 * fingerprint that matches, they are treated as changed, because adopting must send them.
 */
export function secretsWillChange(desired: DesiredConnector, actual: ActualConnector, last: LastApplied | undefined): boolean {
  const targetDiffers = actual.secretsFingerprint !== undefined && actual.secretsFingerprint !== desired.secretsFingerprint;
  if (last === undefined) return actual.secretsFingerprint === undefined || targetDiffers;
  return desired.secretsFingerprint !== last.secretsFingerprint || targetDiffers;
}
