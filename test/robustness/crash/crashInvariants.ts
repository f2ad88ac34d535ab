import type { Store } from '../../../src/store/Store.js';

/** The connectors of a crash trial: `count` of them over `spaces` spaces, named for the trial's version. */
export interface TrialEstate {
  spaces: number;
  count: number;
  set: string;
}

export const spaceOf = (i: number, estate: TrialEstate) => `s${i % estate.spaces}`;
export const connectorIdOf = (i: number) => `c-${i}`;
export const connectorNameOf = (i: number, version: number) => `Hook ${i} v${version}`;

/** kcr/v1 manifests of the estate at `version` (odd ones `.index`, even ones `.slack` with a secret). */
export function manifestsOf(estate: TrialEstate, version: number): Array<Record<string, unknown>> {
  return Array.from({ length: estate.count }, (_, i) => ({
    apiVersion: 'kcr/v1', kind: 'Connector', metadata: { name: connectorIdOf(i) },
    spec: i % 2 === 1
      ? { space_id: spaceOf(i, estate), name: connectorNameOf(i, version), connector_type_id: '.index', config: { index: `idx-${i}` } }
      : { space_id: spaceOf(i, estate), name: connectorNameOf(i, version), connector_type_id: '.slack', secrets: { webhookUrl: `https://hooks.slack.com/services/T/${i}/v${version}` } },
  }));
}

export interface CrashState {
  /** Operations recorded `succeeded` for the plan. */
  succeeded: number;
  /** Connectors the target holds at the plan's version. */
  atNewVersion: number;
  /** Outcomes of the plan's operations, by outcome. */
  outcomes: Record<string, number>;
  applyStatus: string | null;
  violations: string[];
}

/**
 * What the store and the target hold for the apply of `planId`, which moves the estate from
 * `version - 1` (0 = nothing) to `version`, and every way it breaks "each operation is either
 * recorded with its effects or not at all": a recorded success whose connector or inventory
 * entry is not at the new version, a change on the target with no record, a connector that is
 * neither version, or one that should not exist (a duplicate). Outcomes: `in-flight` (before
 * recovery, an operation pending at the kill may be either way), `settled` (after recovery),
 * `ignored` (after a later apply finished the job: only the target and the inventory count).
 */
export type OutcomeRule = 'in-flight' | 'settled' | 'ignored';

export async function inspectCrashState(store: Store, planId: string, estate: TrialEstate, version: number, rule: OutcomeRule): Promise<CrashState> {
  const violations: string[] = [];
  const applies = (await store.listApplies({ planId })).items;
  if (applies.length > 1) violations.push(`plan ${planId} has ${applies.length} applies`);
  const record = applies[0] ? await store.getApply(applies[0].apply_id) : null;
  // Connector ids are kcr's (derived from the manifest); names carry the estate's index and version.
  const outcomeOf = new Map((record?.operations ?? []).map((op) => [indexOf(op.name), op.outcome]));
  const outcomes: Record<string, number> = {};
  for (const op of record?.operations ?? []) outcomes[op.outcome] = (outcomes[op.outcome] ?? 0) + 1;

  const held = new Map<number, { space: string; id: string; name: string }>();
  for (let s = 0; s < estate.spaces; s++) {
    for (const row of await store.embeddedConnectors.list(`s${s}`)) {
      const i = indexOf(row.name);
      if (i === undefined || spaceOf(i, estate) !== `s${s}`) violations.push(`s${s}/${row.id} "${row.name}" should not exist`);
      else if (held.has(i)) violations.push(`connector ${i} is stored twice: ${held.get(i)!.id} and ${row.id}`);
      else held.set(i, { space: `s${s}`, id: row.id, name: row.name });
    }
  }
  const owned = new Map((await store.listInventory({ set: estate.set })).map((entry) => [entry.manifestName, entry]));

  let atNewVersion = 0;
  for (let i = 0; i < estate.count; i++) {
    const [now, before] = [connectorNameOf(i, version), version > 1 ? connectorNameOf(i, version - 1) : undefined];
    const actual = held.get(i);
    const isNew = actual?.name === now;
    if (!isNew && actual?.name !== before) violations.push(`connector ${i} holds "${actual?.name}", neither "${before}" nor "${now}"`);
    if (isNew) atNewVersion++;
    const outcome = outcomeOf.get(i);
    // In flight at the kill: the target may hold the write that neither the record nor the inventory has yet.
    if (outcome === 'pending' && rule === 'in-flight') continue;
    const entry = owned.get(connectorIdOf(i));
    if (entry?.lastApplied.name !== actual?.name || entry?.connectorId !== actual?.id) {
      violations.push(`connector ${i}: inventory says ${entry?.connectorId}="${entry?.lastApplied.name}", the target holds ${actual?.id}="${actual?.name}"`);
    }
    if (rule === 'ignored') continue;
    if (outcome === 'pending') violations.push(`connector ${i} is still pending after recovery`);
    else if (outcome === 'succeeded' && !isNew) violations.push(`connector ${i} is recorded succeeded but the target holds "${actual?.name}"`);
    else if (outcome !== 'succeeded' && isNew) violations.push(`connector ${i} changed on the target but is recorded ${outcome ?? 'nowhere'}`);
  }
  return { succeeded: outcomes.succeeded ?? 0, atNewVersion, outcomes, applyStatus: record?.status ?? null, violations: violations.slice(0, 20) };
}

function indexOf(name: string): number | undefined {
  const match = /^Hook (\d+) v\d+$/.exec(name);
  return match ? Number(match[1]) : undefined;
}
