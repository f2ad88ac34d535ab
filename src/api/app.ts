import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { KcrConfig } from '../config/types.js';
import type { ConnectorTypes } from '../connector-types/types.js';
import type { ReconcilerService } from '../reconciler/ReconcilerService.js';
import type { GitOpsController } from '../reconciler/sources/GitOpsController.js';
import type { Store } from '../store/Store.js';
import type { Target } from '../targets/Target.js';
import { KCR_VERSION } from '../version.js';
import { errorMiddleware, notFoundHandler } from './errorMiddleware.js';
import { ConnectorsService } from './kibana/ConnectorsService.js';
import { kibanaConnectorsRouter, kibanaRequestChecks, requireKnownSpaceShape } from './kibana/kibanaRoutes.js';
import { createReconcilerApi } from './reconciler/createReconcilerApi.js';
import { mountGitOps } from './reconciler/gitOpsRoutes.js';
import { requestContext } from './requestContext.js';
import { securityAfterBody, securityBeforeBody } from './security/securityMiddleware.js';
import { createUiRouter } from './ui/createUiRouter.js';

/** Everything the HTTP app is built from (the CLI's composition root hands these in). */
export interface AppDependencies {
  config: KcrConfig;
  store: Store;
  target: Target;
  registry: ConnectorTypes;
  logger: Logger;
  /** The reconciler service, for the reconciler routes (src/api/reconciler/**) when they mount. */
  reconciler?: ReconcilerService;
  /** GitOps (sources and scheduled drift, `kcr serve`): mounts GET /api/reconciler/status, the sync webhook and their metrics. */
  gitOps?: GitOpsController;
  /** Extra route groups (the reconciler API, the UI, metrics), mounted after the Kibana routes and before the 404. */
  extraRouters?: Array<(app: Express) => void>;
  /** Kibana's instance uuid on GET /api/status; one per process unless given. */
  instanceUuid?: string;
}

/**
 * The express 5 app: request ids and logs, JSON bodies up to `server.bodyLimit`, Kibana's
 * connectors API (also under `/s/:spaceId`), status and health, then whatever extra routers are
 * given, then one 404 and one error middleware, in that order, last.
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext(deps.logger));
  // The reconciler API (plans, applies, drift, events, locks), its OpenAPI document and /metrics;
  // its timing middleware comes before every route so that every request is measured.
  const reconcilerApi = createReconcilerApi({ config: deps.config, registry: deps.registry, reconciler: deps.reconciler });
  app.use(reconcilerApi.timing);
  // Security headers, authentication and the write rate limit run before a body is read;
  // the depth limit and authorization (route table, src/security/privileges.ts) right after.
  app.use(securityBeforeBody(deps));
  app.use(express.json({ limit: deps.config.server.bodyLimit, type: isJsonBody }));
  // Kibana's xsrf and request-body checks answer before its authorization does (400 before 403).
  app.use(kibanaRequestChecks());
  app.use(securityAfterBody(deps));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const instanceUuid = deps.instanceUuid ?? randomUUID();
  // Every route also works under a space prefix, status included (kibana-actions-api.md section 0).
  const status: express.RequestHandler = (_req, res) => {
    res.json(statusBody(deps.config.kibanaVersion, instanceUuid));
  };
  app.get('/api/status', status);
  app.get('/s/:spaceId/api/status', requireKnownSpaceShape, status);

  const connectors = new ConnectorsService({ target: deps.target, store: deps.store, config: deps.config });
  const kibana = kibanaConnectorsRouter(connectors);
  app.use('/s/:spaceId', requireKnownSpaceShape, kibana);
  app.use(kibana);

  // The reconciler API (src/api/reconciler/**), its OpenAPI document and metrics, then extra route groups (the UI).
  app.use(reconcilerApi.router);
  if (deps.gitOps) mountGitOps(app, deps.gitOps, reconcilerApi.metrics);
  // The web page for people (src/api/ui/**): read-only HTML over the same services, so it needs the reconciler.
  if (deps.reconciler) app.use(createUiRouter({
    reconciler: deps.reconciler, store: deps.store, registry: deps.registry,
    listConnectors: (space) => connectors.list(space), getConnector: (space, id) => connectors.get(space, id),
    gitOpsStatus: deps.gitOps && (() => deps.gitOps!.status()),
  }));
  for (const mount of deps.extraRouters ?? []) mount(app);

  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.logger));
  return app;
}

/** JSON bodies, and bodies sent without a content type (Kibana's hapi parses those as JSON too). */
function isJsonBody(req: IncomingMessage): boolean {
  const contentType = req.headers['content-type'];
  return contentType === undefined || /^application\/([\w.-]+\+)?json\b/i.test(contentType);
}

/**
 * Kibana's GET /api/status, enough for clients that probe the version: the Terraform provider
 * needs `version.number` >= 8.8.0 to send user-chosen connector ids, and reads `build_flavor`.
 */
function statusBody(kibanaVersion: string, uuid: string) {
  return {
    name: 'kcr',
    uuid,
    version: { number: kibanaVersion, build_hash: `kcr-${KCR_VERSION}`, build_number: 0, build_snapshot: false, build_flavor: 'traditional', build_date: '1970-01-01T00:00:00.000Z' },
    status: { overall: { level: 'available', summary: 'kcr is available' } },
  };
}
