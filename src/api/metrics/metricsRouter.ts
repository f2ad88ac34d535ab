import { Router } from 'express';
import type { KcrMetrics } from './KcrMetrics.js';

/** `GET /metrics`: the Prometheus exposition of one KcrMetrics registry. */
export function createMetricsRouter(metrics: KcrMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.render();
    res.type(contentType).send(body);
  });
  return router;
}
