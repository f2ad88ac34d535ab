import { Router, type NextFunction, type Request, type Response } from 'express';
import type { KcrConfig } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { KcrError } from '../../errors.js';
import type { ApplyStatus } from '../../model/apply.js';
import type { Plan } from '../../model/plan.js';
import { assertValidSetName, type ReconcilerService } from '../../reconciler/ReconcilerService.js';
import { renderDriftText } from '../../reconciler/drift/index.js';
import { renderPlanText } from '../../reconciler/plan/index.js';
import type { KcrMetrics } from '../metrics/KcrMetrics.js';
import { actorOf } from '../requestContext.js';
import { planScopeAuthorizer } from '../security/authorize.js';
import { desiredFromBody, planBodyParser } from './planBody.js';
import {
  assertKnownParams, assertSpaceId, booleanParam, dateParam, integerParam, pageParams, stringListParam, stringParam,
} from './queryParams.js';
import { requireXsrf } from './requireXsrf.js';
import { inventoryView, lockView, pageView } from './views.js';

export interface ReconcilerRouterOptions {
  service: ReconcilerService;
  registry: ConnectorTypes;
  config: KcrConfig;
  metrics?: KcrMetrics;
}

const PAGE = ['limit', 'offset'] as const;
const APPLY_STATUSES: readonly ApplyStatus[] = ['running', 'succeeded', 'partial', 'failed', 'interrupted'];

/** The paths of the reconciler API (SPEC 7.2), with express parameters. */
export const RECONCILER_PATHS = {
  plans: '/api/reconciler/plans',
  plan: '/api/reconciler/plans/:id',
  planApply: '/api/reconciler/plans/:id/apply',
  applies: '/api/reconciler/applies',
  apply: '/api/reconciler/applies/:id',
  drift: '/api/reconciler/drift',
  inventory: '/api/reconciler/inventory',
  events: '/api/reconciler/events',
  locks: '/api/reconciler/locks',
  lock: '/api/reconciler/locks/:space',
} as const;

/**
 * The reconciler API: every handler parses the request, calls one ReconcilerService method and
 * renders the result; errors are KcrErrors for the app's one error middleware. Mount at the root.
 */
export function createReconcilerRouter(options: ReconcilerRouterOptions): Router {
  const { service, metrics } = options;
  const router = Router();
  const route = (path: string, methods: string[]) => router.route(path).all(allowOnly(methods));

  route(RECONCILER_PATHS.plans, ['GET', 'POST'])
    .post(requireXsrf, planBodyParser(options.config.server.bodyLimit), async (req, res) => {
      assertKnownParams(req.query, ['set', 'space', 'allow_empty', 'max_deletes']);
      const set = setParam(req);
      const spaces = spaceListParam(req);
      const allowEmpty = booleanParam(req.query, 'allow_empty') ?? false;
      const maxDeletes = integerParam(req.query, 'max_deletes', { min: 0 });
      const desired = await desiredFromBody(req, { registry: options.registry, settings: options.config.actions });
      const { plan } = await service.plan({ set, desired, spaces, allowEmpty, maxDeletes, actor: actorOf(req, res), authorize: planScopeAuthorizer(res) });
      metrics?.recordPlan(plan);
      if (!plan.applyable) throw planRejected(plan);
      res.status(201).location(`${RECONCILER_PATHS.plans}/${plan.plan_id}`).json(plan);
    })
    .get(async (req, res) => {
      assertKnownParams(req.query, ['set', 'space', 'has_changes', 'since', 'until', ...PAGE]);
      const set = stringParam(req.query, 'set');
      if (set !== undefined) assertValidSetName(set);
      const space = stringParam(req.query, 'space');
      const page = pageParams(req.query);
      const filter = {
        set, space: space === undefined ? undefined : assertSpaceId(space, 'space'), hasChanges: booleanParam(req.query, 'has_changes'),
        since: dateParam(req.query, 'since'), until: dateParam(req.query, 'until'), ...page,
      };
      const { items, total } = await service.listPlans(filter);
      res.json(pageView(items, total, page));
    });

  route(RECONCILER_PATHS.plan, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, ['format']);
    const format = formatParam(req);
    const { plan } = await service.requirePlan(String(req.params.id));
    if (format === 'text') res.type('text/plain').send(renderPlanText(plan, { color: false }));
    else res.json(plan);
  });

  route(RECONCILER_PATHS.planApply, ['POST']).post(requireXsrf, async (req, res) => {
    assertKnownParams(req.query, []);
    const record = await service.apply(String(req.params.id), { actor: actorOf(req, res) });
    metrics?.recordApply(record);
    res.json(record);
  });

  route(RECONCILER_PATHS.applies, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, ['plan_id', 'set', 'status', ...PAGE]);
    const set = stringParam(req.query, 'set');
    if (set !== undefined) assertValidSetName(set);
    const status = stringParam(req.query, 'status');
    if (status !== undefined && !APPLY_STATUSES.includes(status as ApplyStatus)) {
      throw new KcrError('BAD_REQUEST', `query parameter "status" must be one of ${APPLY_STATUSES.join(', ')}, got "${status.slice(0, 80)}"`);
    }
    const page = pageParams(req.query);
    const { items, total } = await service.listApplies({ planId: stringParam(req.query, 'plan_id'), set, status: status as ApplyStatus | undefined, ...page });
    res.json(pageView(items, total, page));
  });

  route(RECONCILER_PATHS.apply, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, []);
    res.json(await service.requireApply(String(req.params.id)));
  });

  route(RECONCILER_PATHS.drift, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, ['set', 'space', 'format']);
    const format = formatParam(req);
    const spaces = spaceListParam(req);
    const report = await service.drift(setParam(req), spaces);
    metrics?.recordDrift(report);
    if (format === 'text') res.type('text/plain').send(renderDriftText(report));
    else res.json(report);
  });

  route(RECONCILER_PATHS.inventory, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, ['set']);
    const entries = await service.listInventory(stringParam(req.query, 'set'));
    res.json({ items: entries.map(inventoryView), total: entries.length });
  });

  route(RECONCILER_PATHS.events, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, ['space', 'connector_id', 'action', 'actor', 'since', 'until', ...PAGE]);
    const space = stringParam(req.query, 'space');
    const page = pageParams(req.query);
    const { items, total } = await service.listEvents({
      space: space === undefined ? undefined : assertSpaceId(space, 'space'), connectorId: stringParam(req.query, 'connector_id'),
      action: stringParam(req.query, 'action'), actor: stringParam(req.query, 'actor'),
      since: dateParam(req.query, 'since'), until: dateParam(req.query, 'until'), ...page,
    });
    res.json(pageView(items, total, page));
  });

  route(RECONCILER_PATHS.locks, ['GET']).get(async (req, res) => {
    assertKnownParams(req.query, []);
    const locks = await service.listLocks();
    res.json({ items: locks.map(lockView), total: locks.length });
  });

  route(RECONCILER_PATHS.lock, ['DELETE']).delete(requireXsrf, async (req, res) => {
    assertKnownParams(req.query, []);
    const actor = actorOf(req, res);
    const broken = await service.breakLock(assertSpaceId(String(req.params.space), 'space'), actor);
    res.json({ ...lockView(broken), broken_by: actor.name });
  });

  return router;
}

/** `?set=` (default `default`), checked before anything is read. */
function setParam(req: Request): string {
  const set = stringParam(req.query, 'set') ?? 'default';
  assertValidSetName(set);
  return set;
}

/** `?space=a&space=b` or `?space=a,b` (the form the authorization layer reads too). */
function spaceListParam(req: Request): string[] {
  const spaces = stringListParam(req.query, 'space').flatMap((value) => value.split(','));
  return [...new Set(spaces.map((space) => assertSpaceId(space, 'space')))];
}

function formatParam(req: Request): 'json' | 'text' {
  const format = stringParam(req.query, 'format') ?? 'json';
  if (format !== 'json' && format !== 'text') throw new KcrError('BAD_REQUEST', `query parameter "format" must be "json" or "text", got "${format.slice(0, 80)}"`);
  return format;
}

/**
 * A rejected plan is still stored (for review): the 422 carries its id and the whole plan, so a
 * client (the CLI in --server mode) can show it exactly as a local run would.
 */
function planRejected(plan: Plan): KcrError {
  const message = `plan ${plan.plan_id} was stored for review but cannot be applied: ${plan.errors.map((e) => `${e.address ? `${e.address}: ` : ''}${e.message}`).join('; ')}`;
  return new KcrError('PLAN_REJECTED', message, {
    errors: plan.errors.map((e) => ({ path: e.address ?? '', message: `${e.code}: ${e.message}` })),
    attributes: { plan_id: plan.plan_id, plan },
  });
}

/** 405 with `Allow` for a known path and another method (a 404 would say the path does not exist). */
export function allowOnly(methods: string[]) {
  const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (allowed.includes(req.method)) return next();
    res.setHeader('Allow', allowed.join(', '));
    next(new KcrError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.baseUrl}${req.route?.path ?? req.path}; allowed: ${allowed.join(', ')}`));
  };
}
