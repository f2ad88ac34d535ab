import { STATUS_CODES } from 'node:http';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ERROR_CODES, KcrError, isKcrError } from '../../errors.js';
import type { ApplyStatus } from '../../model/apply.js';
import { DEFAULT_SPACE } from '../../model/connector.js';
import { assertValidSetName } from '../../reconciler/ReconcilerService.js';
import type { Principal } from '../../security/principals.js';
import { contextOf } from '../requestContext.js';
import { assertKnownParams, assertSpaceId, pageParams, stringParam } from '../reconciler/queryParams.js';
import { principalOf } from '../security/authenticate.js';
import { spaceAuthorizer } from '../security/authorize.js';
import { isVisibleTo } from '../security/visibleItems.js';
import { html, type Html } from './html.js';
import { DEFAULT_PAGE_SIZE, renderPage, type UiSection } from './layout.js';
import { appliesListBody, applyDetailBody } from './pages/appliesPages.js';
import { connectorDetailData, connectorsPageData } from './connectorData.js';
import { assertKnownFilters } from './connectorList.js';
import { connectorDetailBody } from './pages/connectorDetailPage.js';
import { connectorsBody } from './pages/connectorsPage.js';
import { driftBody } from './pages/driftPage.js';
import { errorBody } from './pages/errorPage.js';
import { eventsBody } from './pages/eventsPage.js';
import { gitOpsSection } from './pages/gitOpsSection.js';
import { overviewBody } from './pages/overviewPage.js';
import { planDetailBody, plansListBody } from './pages/plansPages.js';
import { UI_STYLESHEET } from './stylesheet.js';
import { overviewData, visibleSets } from './uiData.js';
import type { UiSources } from './uiSources.js';

export type { UiSources } from './uiSources.js';

/**
 * Stricter than the API's policy: the page has no script at all, loads only its own stylesheet,
 * submits forms only to itself, and cannot be framed.
 */
export const UI_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const APPLY_STATUSES: readonly ApplyStatus[] = ['running', 'succeeded', 'partial', 'failed', 'interrupted'];
const PAGE = ['limit', 'offset'] as const;
/** Longest name search accepted (a connector name is at most a few hundred characters). */
const MAX_SEARCH = 200;

/**
 * The web page for people (SPEC 7.2 `GET /ui/`): server-rendered, read-only HTML over the same
 * services as the reconciler API. Authentication has run before (the route table leaves `/ui`
 * to any authenticated principal); each page then shows only what the principal reads, the way
 * the API's list routes are filtered and its single-record routes are checked.
 */
export function createUiRouter(sources: UiSources): Router {
  const router = Router();
  router.use('/ui', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', UI_CONTENT_SECURITY_POLICY);
    next();
  });

  router.get('/ui/style.css', (_req, res) => {
    // Private: it is served after authentication; short-lived so an upgrade shows promptly.
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.type('text/css').send(UI_STYLESHEET);
  });

  router.get('/ui/', async (req, res) => {
    assertKnownParams(req.query, []);
    send(res, 'Overview', 'overview', html`${overviewBody(await overviewData(sources, principalOf(res)))}${sources.gitOpsStatus ? gitOpsSection(sources.gitOpsStatus(), principalOf(res)) : ''}`);
  });

  router.get('/ui/connectors', async (req, res) => {
    assertKnownParams(req.query, ['space', 'q', 'type', 'category', ...PAGE]);
    const principal = principalOf(res);
    const space = assertSpaceId(textParam(req, 'space') ?? DEFAULT_SPACE, 'space');
    readCheck(principal, 'read connectors')([space]);
    const q = textParam(req, 'q');
    if (q !== undefined && q.length > MAX_SEARCH) throw new KcrError('BAD_REQUEST', `query parameter "q" must be at most ${MAX_SEARCH} characters, got ${q.length}`);
    const filters = { space, q, type: textParam(req, 'type'), category: textParam(req, 'category') };
    assertKnownFilters(filters, sources.registry);
    const data = await connectorsPageData(sources, principal, filters, uiPage(req));
    const types = sources.registry.list().filter((type) => !type.isSystemActionType);
    send(res, `Connectors in ${space}`, 'connectors', connectorsBody({ ...data, types }));
  });

  router.get('/ui/connectors/:id', async (req, res) => {
    assertKnownParams(req.query, ['space']);
    const principal = principalOf(res);
    const space = assertSpaceId(textParam(req, 'space') ?? DEFAULT_SPACE, 'space');
    readCheck(principal, 'read connectors')([space]);
    const data = await connectorDetailData(sources, principal, space, String(req.params.id));
    send(res, `Connector ${data.connector.name}`, 'connectors', connectorDetailBody(data, sources.registry));
  });

  router.get('/ui/plans', async (req, res) => {
    assertKnownParams(req.query, ['set', 'space', ...PAGE]);
    const set = textParam(req, 'set');
    if (set !== undefined) assertValidSetName(set);
    const spaceText = textParam(req, 'space');
    const space = spaceText === undefined ? undefined : assertSpaceId(spaceText, 'space');
    if (space !== undefined) readCheck(principalOf(res), 'read plans')([space]);
    const page = uiPage(req);
    const { items, total } = await sources.reconciler.listPlanHeads({ set, space, ...page });
    const plans = items.filter((plan) => isVisibleTo(principalOf(res), plan));
    send(res, 'Plans', 'plans', plansListBody({ plans, filters: { set, space }, page: { ...page, total } }));
  });

  router.get('/ui/plans/:id', async (req, res) => {
    assertKnownParams(req.query, []);
    const stored = await sources.reconciler.requirePlan(String(req.params.id));
    readCheck(principalOf(res), 'read plans')(stored.plan.spaces);
    const apply = stored.applyId ? await sources.store.getApply(stored.applyId) : null;
    send(res, `Plan ${stored.plan.plan_id}`, 'plans', planDetailBody(stored, apply));
  });

  router.get('/ui/applies', async (req, res) => {
    assertKnownParams(req.query, ['set', 'status', 'plan_id', ...PAGE]);
    const set = textParam(req, 'set');
    if (set !== undefined) assertValidSetName(set);
    const status = textParam(req, 'status');
    if (status !== undefined && !APPLY_STATUSES.includes(status as ApplyStatus)) {
      throw new KcrError('BAD_REQUEST', `query parameter "status" must be one of ${APPLY_STATUSES.join(', ')}, got "${status.slice(0, 80)}"`);
    }
    const planId = textParam(req, 'plan_id');
    const page = uiPage(req);
    const { items, total } = await sources.reconciler.listApplies({ set, status: status as ApplyStatus | undefined, planId, ...page });
    const applies = items.filter((apply) => isVisibleTo(principalOf(res), apply));
    send(res, 'Applies', 'applies', appliesListBody({ applies, filters: { set, status, plan_id: planId }, statuses: APPLY_STATUSES, page: { ...page, total } }));
  });

  router.get('/ui/applies/:id', async (req, res) => {
    assertKnownParams(req.query, []);
    const apply = await sources.reconciler.requireApply(String(req.params.id));
    readCheck(principalOf(res), 'read applies')(apply.spaces);
    send(res, `Apply ${apply.apply_id}`, 'applies', applyDetailBody(apply));
  });

  router.get('/ui/drift', async (req, res) => {
    assertKnownParams(req.query, ['set', 'space']);
    const principal = principalOf(res);
    const set = textParam(req, 'set');
    const spaceText = textParam(req, 'space');
    const space = spaceText === undefined ? undefined : assertSpaceId(spaceText, 'space');
    const sets = (await visibleSets(sources, principal)).map((s) => s.set);
    if (set === undefined) return send(res, 'Drift', 'drift', driftBody({ set: '', space, sets, report: null }));
    assertValidSetName(set);
    // The API's drift scope: the space asked for, else every space the set owns connectors in.
    const scope = space !== undefined ? [space] : (await sources.store.listInventory({ set })).map((entry) => entry.spaceId);
    readCheck(principal, 'read drift')(scope);
    const report = await sources.reconciler.drift(set, space === undefined ? [] : [space]);
    send(res, `Drift of set ${set}`, 'drift', driftBody({ set, space, sets, report }));
  });

  router.get('/ui/events', async (req, res) => {
    assertKnownParams(req.query, ['space', 'connector_id', 'action', 'actor', ...PAGE]);
    const spaceText = textParam(req, 'space');
    const filters = { space: spaceText === undefined ? undefined : assertSpaceId(spaceText, 'space'), connector_id: textParam(req, 'connector_id'), action: textParam(req, 'action'), actor: textParam(req, 'actor') };
    if (filters.space !== undefined) readCheck(principalOf(res), 'read events')([filters.space]);
    const page = uiPage(req);
    const { items, total } = await sources.reconciler.listEvents({ space: filters.space, connectorId: filters.connector_id, action: filters.action, actor: filters.actor, ...page });
    const events = items.filter((event) => isVisibleTo(principalOf(res), event));
    send(res, 'Events', 'events', eventsBody({ events, filters, page: { ...page, total } }));
  });

  router.use('/ui', (req, _res, next) => next(new KcrError('NOT_FOUND', `No page at ${req.originalUrl.split('?')[0]!.slice(0, 200)}`)));
  router.use('/ui', uiErrorPage);
  return router;
}

function send(res: Response, title: string, section: UiSection | null, body: Html, status = 200): void {
  res.status(status).type('html').send(renderPage({ title, section, viewer: principalOf(res).name }, body));
}

/** A filter from a GET form: an empty field means "no filter", not "match the empty string". */
function textParam(req: Request, name: string): string | undefined {
  const value = stringParam(req.query, name)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function uiPage(req: Request): { limit: number; offset: number } {
  const page = pageParams(req.query);
  return { limit: req.query.limit === undefined ? DEFAULT_PAGE_SIZE : page.limit, offset: page.offset };
}

/** The same per-space read check, and 403 wording, as the reconciler API's route table. */
function readCheck(principal: Principal, operation: string) {
  return spaceAuthorizer(principal, 'read', (space) => `Unauthorized to ${operation} in space "${space}"`);
}

/**
 * Errors of the page's own routes as an HTML page with the right status (a browser shows it;
 * the API's JSON would be a wall of text). A 5xx shows only its code's catalogue description,
 * as the API does, and is logged with its detail.
 */
function uiErrorPage(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const known = isKcrError(error) ? error : new KcrError('INTERNAL', 'unexpected error');
  const message = known.status < 500 ? known.message : ERROR_CODES[known.code].description;
  if (known.status >= 500) contextOf(res).log.error({ err: error, code: known.code }, 'ui request failed');
  send(res, `${known.status} ${STATUS_CODES[known.status] ?? 'Error'}`, null, errorBody({ status: known.status, code: known.code, message }), known.status);
}
