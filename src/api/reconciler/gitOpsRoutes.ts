import { Router, type Express } from 'express';
import type { GitOpsController } from '../../reconciler/sources/GitOpsController.js';
import { assertValidSetName } from '../../reconciler/ReconcilerService.js';
import type { KcrMetrics } from '../metrics/KcrMetrics.js';
import { attachGitOpsMetrics } from '../metrics/gitOpsMetrics.js';
import { allowOnly } from './createReconcilerRouter.js';
import { assertKnownParams, assertSpaceId, booleanParam, stringParam } from './queryParams.js';

/** The GitOps paths (README, GitOps). */
export const GITOPS_PATHS = {
  status: '/api/reconciler/status',
  sync: '/api/reconciler/sources/:name/sync',
} as const;

/**
 * The GitOps routes over the controller `kcr serve` runs:
 * - `GET /api/reconciler/status[?set=&space=]`: every set's status per space (`items`, filtered to
 *   the spaces the principal reads) and every source (`sources`, each visible to who reads all its spaces);
 * - `POST /api/reconciler/sources/{name}/sync[?accept_force_push=true]`: a push webhook. It answers
 *   202 at once and the pass runs in the background. It needs no `kbn-xsrf` header (Git hosts
 *   cannot add one) and only authentication: it moves the next fetch earlier, and what is planned
 *   or applied still comes only from the configured repository.
 */
export function createGitOpsRouter(controller: GitOpsController): Router {
  const router = Router();
  // Like every reconciler route: another method on a known path is a 405 with Allow, not a 404.
  router.all(GITOPS_PATHS.status, allowOnly(['GET']));
  router.all(GITOPS_PATHS.sync, allowOnly(['POST']));
  router.get(GITOPS_PATHS.status, (req, res) => {
    assertKnownParams(req.query, ['set', 'space']);
    const set = stringParam(req.query, 'set');
    if (set !== undefined) assertValidSetName(set);
    const space = stringParam(req.query, 'space');
    if (space !== undefined) assertSpaceId(space, 'space');
    const { items, sources } = controller.status();
    const rows = items.filter((row) => (set === undefined || row.set === set) && (space === undefined || row.space_id === space));
    res.json({ items: rows, total: rows.length, sources: sources.filter((source) => set === undefined || source.set === set) });
  });
  router.post(GITOPS_PATHS.sync, (req, res) => {
    assertKnownParams(req.query, ['accept_force_push']);
    const state = controller.requestSync(String(req.params.name), { acceptRewrite: booleanParam(req.query, 'accept_force_push') ?? false });
    res.status(202).json({ accepted: true, source: state });
  });
  return router;
}

/** Mounts the GitOps routes and their metrics on an app (app.ts calls this when `kcr serve` runs a controller). */
export function mountGitOps(app: Express, controller: GitOpsController, metrics: KcrMetrics): void {
  attachGitOpsMetrics(metrics, controller);
  app.use(createGitOpsRouter(controller));
}
