import { Counter, Gauge } from 'prom-client';
import type { GitOpsController } from '../../reconciler/sources/GitOpsController.js';
import type { SyncStatus } from '../../reconciler/sources/types.js';
import type { KcrMetrics } from './KcrMetrics.js';

const STATUSES: SyncStatus[] = ['Synced', 'OutOfSync', 'Failed', 'Unknown'];

/**
 * The GitOps metrics, in the app's registry: `kcr_drift_*` for the scheduled drift checks and
 * `kcr_source_*` for the sources. Status gauges are computed from the controller when scraped
 * (one series per status, 1 for the current one, as kube-state-metrics does), so they are never
 * stale; counters count checks and passes. Labels are set names, space ids, source names and
 * statuses: bounded, never a URL or a commit.
 */
export function attachGitOpsMetrics(metrics: KcrMetrics, controller: GitOpsController): void {
  const registers = [metrics.registry];
  const checks = new Counter({ name: 'kcr_drift_checks_total', help: 'Scheduled drift checks, by set and outcome (ok, failed)', labelNames: ['set', 'outcome'] as const, registers });
  const lastCheck = new Gauge({ name: 'kcr_drift_last_check_timestamp_seconds', help: 'When the set was last checked for drift (Unix seconds)', labelNames: ['set'] as const, registers });
  const syncs = new Counter({ name: 'kcr_source_syncs_total', help: 'Source sync passes, by source and outcome (unchanged, planned, applied, failed)', labelNames: ['source', 'outcome'] as const, registers });
  new Gauge({
    name: 'kcr_drift_status', help: 'Status of each set per space (1 for the current status: Synced, OutOfSync, Failed, Unknown)', labelNames: ['set', 'space', 'status'] as const, registers,
    collect() {
      this.reset();
      for (const row of controller.status().items) for (const status of STATUSES) this.set({ set: row.set, space: row.space_id, status }, row.status === status ? 1 : 0);
    },
  });
  new Gauge({
    name: 'kcr_drift_drifted_connectors', help: 'Connectors of each set per space that differ from what kcr last applied, at the last check', labelNames: ['set', 'space'] as const, registers,
    collect() {
      this.reset();
      for (const row of controller.status().items) this.set({ set: row.set, space: row.space_id }, row.drifted);
    },
  });
  new Gauge({
    name: 'kcr_source_status', help: 'Status of each source (1 for the current status)', labelNames: ['source', 'status'] as const, registers,
    collect() {
      this.reset();
      for (const source of controller.status().sources) for (const status of STATUSES) this.set({ source: source.name, status }, source.status === status ? 1 : 0);
    },
  });
  controller.subscribe({
    onDriftCheck(set, report, result) {
      checks.inc({ set, outcome: result.error ? 'failed' : 'ok' });
      lastCheck.set({ set }, Date.parse(result.checkedAt) / 1000);
      if (report) metrics.recordDrift(report);
    },
    onSourceSync(state, outcome) {
      syncs.inc({ source: state.name, outcome });
    },
  });
}
