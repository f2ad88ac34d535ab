import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApplyRecord } from '../../model/apply.js';
import type { DriftClass, Plan } from '../../model/plan.js';

const DRIFT_CLASSES: DriftClass[] = ['config', 'missing', 'secrets', 'missing_secrets', 'unmanaged'];

/**
 * The matched route pattern. `baseUrl` holds the matched text of a mount path, so Kibana's
 * space prefix is put back in its pattern form (`/s/:spaceId`): a label per space would grow
 * with every space a client names.
 */
function routePattern(req: Request): string {
  if (!req.route) return 'unmatched';
  return `${req.baseUrl.replace(/^\/s\/[^/]+/, '/s/:spaceId')}${String(req.route.path)}`;
}

/**
 * kcr's Prometheus metrics, in a Registry of their own (never prom-client's global one, so two
 * apps in one process, as in tests, never share or double-register). Labels are only bounded,
 * non-secret values: set names, actions, outcomes, statuses, route patterns. Never a connector
 * id, a config value or a raw URL.
 */
export class KcrMetrics {
  readonly registry = new Registry();
  readonly #plans = new Counter({ name: 'kcr_plans_created_total', help: 'Plans created, by set and whether they have changes', labelNames: ['set', 'has_changes'] as const, registers: [this.registry] });
  readonly #changes = new Counter({ name: 'kcr_plan_resource_changes_total', help: 'Resource changes in created plans, by action', labelNames: ['action'] as const, registers: [this.registry] });
  readonly #applies = new Counter({ name: 'kcr_applies_total', help: 'Finished applies, by status', labelNames: ['status'] as const, registers: [this.registry] });
  readonly #operations = new Counter({ name: 'kcr_apply_operations_total', help: 'Apply operations, by action and outcome', labelNames: ['action', 'outcome'] as const, registers: [this.registry] });
  readonly #applyDuration = new Histogram({
    name: 'kcr_apply_duration_seconds', help: 'Duration of applies, by status', labelNames: ['status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300], registers: [this.registry],
  });
  readonly #drifted = new Gauge({ name: 'kcr_drifted_connectors', help: 'Drifted connectors in the latest drift report of each set, by class', labelNames: ['set', 'drift_class'] as const, registers: [this.registry] });
  readonly #http = new Histogram({
    name: 'kcr_http_request_duration_seconds', help: 'HTTP request durations, by method, route pattern and status code', labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'kcr_' });
  }

  /** Counts a created plan (rejected ones too: they are stored for review) and its changes by action. */
  recordPlan(plan: Plan): void {
    this.#plans.inc({ set: plan.set, has_changes: String(plan.has_changes) });
    for (const change of plan.resource_changes) this.#changes.inc({ action: change.change.actions.join('/') });
  }

  /** Counts a finished apply, its operations by action and outcome, and its duration. */
  recordApply(record: ApplyRecord): void {
    this.#applies.inc({ status: record.status });
    for (const op of record.operations) this.#operations.inc({ action: op.kind, outcome: op.outcome });
    if (record.finished_at) {
      const seconds = (Date.parse(record.finished_at) - Date.parse(record.started_at)) / 1000;
      if (Number.isFinite(seconds) && seconds >= 0) this.#applyDuration.observe({ status: record.status }, seconds);
    }
  }

  /** Sets the drifted-connectors gauge of the report's set, every class (so a class that cleared drops to 0). */
  recordDrift(report: Plan): void {
    for (const driftClass of DRIFT_CLASSES) {
      const count = report.resource_changes.filter((change) => change.drift && change.drift_class === driftClass).length;
      this.#drifted.set({ set: report.set, drift_class: driftClass }, count);
    }
  }

  /**
   * Times every request. The route label is the matched pattern (`/api/reconciler/plans/:id`),
   * read when the response finishes, or `unmatched`: raw URLs would hold ids and unbounded values.
   */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const stop = this.#http.startTimer();
      res.once('finish', () => {
        stop({ method: req.method, route: routePattern(req), status_code: String(res.statusCode) });
      });
      next();
    };
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
