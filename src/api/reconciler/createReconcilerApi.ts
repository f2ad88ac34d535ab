import { Router, type RequestHandler } from 'express';
import type { KcrConfig } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import type { ReconcilerService } from '../../reconciler/ReconcilerService.js';
import { KcrMetrics } from '../metrics/KcrMetrics.js';
import { createMetricsRouter } from '../metrics/metricsRouter.js';
import { createOpenApiRouter } from '../openapi/openApiRouter.js';
import { createReconcilerRouter } from './createReconcilerRouter.js';

/** What the app mounts for the reconciler API: a timing middleware first, the routes later. */
export interface ReconcilerApi {
  /** Mount before every route: times each request for `kcr_http_request_duration_seconds`. */
  timing: RequestHandler;
  /** The reconciler routes (when a service is given), `/api/reconciler/openapi.json` and `/metrics`. */
  router: Router;
  metrics: KcrMetrics;
}

/** Builds the reconciler API, its OpenAPI document and its metrics for one app. */
export function createReconcilerApi(deps: { config: KcrConfig; registry: ConnectorTypes; reconciler?: ReconcilerService; metrics?: KcrMetrics }): ReconcilerApi {
  const metrics = deps.metrics ?? new KcrMetrics();
  const router = Router();
  if (deps.reconciler) router.use(createReconcilerRouter({ service: deps.reconciler, registry: deps.registry, config: deps.config, metrics }));
  router.use(createOpenApiRouter(deps.registry));
  router.use(createMetricsRouter(metrics));
  return { timing: metrics.httpMiddleware(), router, metrics };
}
