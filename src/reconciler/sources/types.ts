/**
 * Argo CD's sync statuses: `Synced` (the target holds what the set declares), `OutOfSync` (it
 * does not: changes not applied yet, or drift), `Failed` (kcr could not find out or could not
 * apply; `reason` says why). `Unknown` until the first check ran.
 */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Failed' | 'Unknown';

/** What `GET /api/reconciler/status` and the web page show of one source. */
export interface SourceState {
  name: string;
  set: string;
  /** The repository URL (never with credentials), ref and path. */
  url: string;
  ref: string;
  path: string;
  mode: 'plan' | 'apply';
  self_heal: boolean;
  status: SyncStatus;
  reason?: string;
  /** The commit of the last fetch, and the last commit planned (and applied, in apply mode) without a problem. */
  commit?: string;
  synced_commit?: string;
  plan_id?: string;
  apply_id?: string;
  /** The spaces the set covers (its last plan's scope): who may read this source. */
  spaces: string[];
  /** Spaces where the last plan has changes that were not applied (plan mode, or apply stopped). */
  pending_spaces: string[];
  last_attempt_at?: string;
  last_success_at?: string;
  next_attempt_at?: string;
  consecutive_failures: number;
}

/** The status of one set in one space, from the last drift check and the set's source (if any). */
export interface SetSpaceStatus {
  set: string;
  space_id: string;
  status: SyncStatus;
  reason?: string;
  /** Connectors of the set in this space that differ from what kcr last applied (drift classes config, missing, secrets, missing_secrets). */
  drifted: number;
  /** Connectors in this space that no set owns. */
  unmanaged: number;
  source?: string;
  checked_at?: string;
}

/** A drift check of one set: how many connectors drifted per space, or why the check failed. */
export interface SetDriftResult {
  set: string;
  checkedAt: string;
  spaces: string[];
  /** space -> drifted connector addresses (`space/id`) with their class. */
  drifted: Map<string, Array<{ address: string; driftClass: string }>>;
  unmanaged: Map<string, number>;
  error?: string;
}
