import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { KcrError } from '../../errors.js';
import { DEFAULT_SPACE } from '../../model/connector.js';
import type { Principal, SpacePrivilege } from '../../security/principals.js';
import { ROUTE_TABLE, firstDeniedSpace, isServedPerSpace, unlistedRequirement, type RouteRequirement } from '../../security/privileges.js';
import type { Store } from '../../store/Store.js';
import { principalOf } from './authenticate.js';
import { filterListBody } from './visibleItems.js';

/** Checks a set of spaces and throws 403 FORBIDDEN on the first one denied. */
export type SpaceAuthorizer = (spaces: readonly string[]) => void;

const PLAN_SCOPE_KEY = 'kcrAuthorizePlanScope';
const AUTHORIZED_KEY = 'kcrAuthorized';

/**
 * Authorizes every request against the route table (src/security/privileges.ts) before its
 * handler runs. The table is mounted as an express router, so a path matches a rule exactly when
 * it would reach the route (same case-insensitivity, trailing slashes and `/s/:spaceId`);
 * whatever matches no rule gets `unlistedRequirement` (admin under /api). Routes whose spaces
 * are stored (a plan, an apply, a set's inventory) are looked up first; a plan's scope is only
 * known once its manifests are planned, so POST plans hands the check to ReconcilerService
 * through `planScopeAuthorizer(res)`. Lists are filtered to what the principal reads.
 */
export function authorizationMiddleware(deps: { store: Store }): Router {
  const router = express.Router();
  for (const rule of ROUTE_TABLE) {
    const paths = isServedPerSpace(rule) ? [rule.path, `/s/:spaceId${rule.path}`] : [rule.path];
    const method = rule.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    router[method](paths, guard(rule.requirement, deps.store));
  }
  router.use((req, res, next) => {
    if (res.locals[AUTHORIZED_KEY] === true) return next();
    guard(unlistedRequirement(req.path), deps.store)(req, res, next);
  });
  return router;
}

function guard(requirement: RouteRequirement, store: Store): RequestHandler {
  return async (req, res, next) => {
    // The first matching rule decides; later rows and the fallback step aside.
    if (res.locals[AUTHORIZED_KEY] === true) return next();
    try {
      await authorizeRoute(req, res, principalOf(res), requirement, store);
      res.locals[AUTHORIZED_KEY] = true;
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function authorizeRoute(req: Request, res: Response, principal: Principal, requirement: RouteRequirement, store: Store): Promise<void> {
  if (requirement.kind === 'open' || requirement.kind === 'authenticated') return;
  const params = req.params as Record<string, string | undefined>;
  const urlSpace = params.spaceId ?? DEFAULT_SPACE;
  if (requirement.kind === 'admin') {
    if (!principal.admin) throw forbidden(requirement.deny({ space: params.space ?? urlSpace }));
    return;
  }
  const check = spaceAuthorizer(principal, requirement.privilege, (space) => requirement.deny({ space, connectorTypeId: connectorTypeOf(req) }));
  switch (requirement.spaces) {
    case 'url':
      return check([urlSpace]);
    case 'plan': {
      const stored = await store.getPlan(params.id ?? '');
      // Absent: the handler answers 404; plan ids are random, so this tells nothing about other spaces.
      if (stored) check(stored.plan.spaces);
      return;
    }
    case 'apply': {
      const record = await store.getApply(params.id ?? '');
      if (record) check(record.spaces);
      return;
    }
    case 'plan-scope':
      check(querySpaces(req));
      res.locals[PLAN_SCOPE_KEY] = check;
      return;
    case 'drift-scope': {
      const spaces = querySpaces(req);
      if (spaces.length > 0) return check(spaces);
      const set = typeof req.query.set === 'string' ? req.query.set : 'default';
      return check((await store.listInventory({ set })).map((entry) => entry.spaceId));
    }
    case 'list':
      check(querySpaces(req));
      if (requirement.list) interceptJson(res, (body) => filterListBody(requirement.list!, body, principal));
      return;
  }
}

/** A checker of spaces for one principal and privilege; the message names the first space denied. */
export function spaceAuthorizer(principal: Principal, privilege: SpacePrivilege, deny: (space: string) => string): SpaceAuthorizer {
  return (spaces) => {
    const denied = firstDeniedSpace(principal, spaces, privilege);
    if (denied !== undefined) throw forbidden(deny(denied));
  };
}

/**
 * The check POST /api/reconciler/plans passes to ReconcilerService.plan as `authorize`: it runs
 * once the plan's scope is known and before anything is stored. Without the middleware (tests
 * of the routes alone) it allows everything, as auth-off does.
 */
export function planScopeAuthorizer(res: Response): SpaceAuthorizer {
  return (res.locals[PLAN_SCOPE_KEY] as SpaceAuthorizer | undefined) ?? (() => undefined);
}

function forbidden(message: string): KcrError {
  return new KcrError('FORBIDDEN', message);
}

/** `?space=a&space=b` or `?space=a,b`. */
function querySpaces(req: Request): string[] {
  const raw = req.query.space;
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((value): value is string => typeof value === 'string').flatMap((value) => value.split(',')).filter((value) => value.length > 0);
}

function connectorTypeOf(req: Request): string | undefined {
  const body = req.body as { connector_type_id?: unknown; actionTypeId?: unknown } | undefined;
  const type = body && typeof body === 'object' ? body.connector_type_id ?? body.actionTypeId : undefined;
  return typeof type === 'string' && type.length <= 100 ? type : undefined;
}

function interceptJson(res: Response, transform: (body: unknown) => unknown): void {
  const original = res.json.bind(res);
  res.json = (body?: unknown) => original(res.statusCode < 300 ? transform(body) : body);
}
