/** Outcome of one operation of an apply. `interrupted`: the process died while it was in flight. */
export type OperationOutcome = 'pending' | 'succeeded' | 'failed' | 'skipped' | 'interrupted';

export type ApplyStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';

export interface OperationRecord {
  index: number;
  kind: string;
  space_id: string;
  connector_id: string;
  name: string;
  outcome: OperationOutcome;
  error?: { code: string; message: string };
  started_at?: string;
  finished_at?: string;
  duration_ms?: number;
  /** Faults seen and retried on the way (kibana target): e.g. "503 retried", "429 retry-after 1s". */
  attempts?: string[];
}

export interface ApplyRecord {
  apply_id: string;
  plan_id: string;
  set: string;
  target: string;
  actor: string;
  status: ApplyStatus;
  started_at: string;
  finished_at: string | null;
  spaces: string[];
  summary: { succeeded: number; failed: number; skipped: number; interrupted: number };
  operations: OperationRecord[];
}
