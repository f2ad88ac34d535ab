import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { KcrError } from '../../errors.js';
import { DEFAULT_SPACE, KIBANA_SPACE_ID } from '../../model/connector.js';
import { actorOf } from '../requestContext.js';
import type { ConnectorsService } from './ConnectorsService.js';
import { parseCreateBody, parseUpdateBody } from './requestBody.js';
import { toConnectorWrite, toKibanaConnector, toKibanaConnectorType, toKibanaListItem } from './transforms.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/**
 * Kibana's public connectors API, mounted both at `/` (space `default`) and under `/s/:spaceId`.
 * Handlers only parse, call ConnectorsService and render.
 */
export function kibanaConnectorsRouter(service: ConnectorsService): Router {
  const router = express.Router({ mergeParams: true });

  router.post(['/api/actions/connector', '/api/actions/connector/:id'], async (req, res) => {
    const body = parseCreateBody(req.body);
    const created = await service.create(actorOf(req, res), spaceOf(req), idParam(req), body.connector_type_id, toConnectorWrite(body));
    res.json(toKibanaConnector(created));
  });
  router.get('/api/actions/connector/:id', async (req, res) => {
    res.json(toKibanaConnector(await service.get(spaceOf(req), String(req.params.id))));
  });
  router.put('/api/actions/connector/:id', async (req, res) => {
    const body = parseUpdateBody(req.body);
    res.json(toKibanaConnector(await service.update(actorOf(req, res), spaceOf(req), String(req.params.id), toConnectorWrite(body))));
  });
  router.delete('/api/actions/connector/:id', async (req, res) => {
    await service.delete(actorOf(req, res), spaceOf(req), String(req.params.id));
    res.status(204).end();
  });
  router.get('/api/actions/connectors', async (req, res) => {
    // The bytes and content type res.json would send, rendered once per space serial.
    const body = await service.listBody(spaceOf(req), (connectors) => connectors.map(toKibanaListItem));
    res.type('application/json; charset=utf-8').send(body);
  });
  router.get('/api/actions/connector_types', async (req, res) => {
    res.json((await service.listTypes(featureIdOf(req))).map(toKibanaConnectorType));
  });
  return router;
}

/**
 * What Kibana checks before its actions client authorizes anything: the `kbn-xsrf` header
 * (core, right after authentication), then the request body's shape (route validation). Its
 * 403s come from inside the actions client, so a read-only user who sends a write without the
 * header, or with a malformed body, gets the 400, as from Kibana. Mount before authorization.
 */
export function kibanaRequestChecks(): Router {
  const router = express.Router();
  const under = (path: string) => [path, `/s/:spaceId${path}`];
  // Kibana enables no CORS, so hapi answers OPTIONS with 404; express would otherwise answer
  // 200 with an `Allow` naming only this router's own methods (POST, PUT), which is wrong.
  router.options(under('/api/actions/*rest'), (_req, _res, next) => next(new KcrError('NOT_FOUND', 'Not Found')));
  router.use(under('/api/actions'), requireXsrf);
  router.post(under('/api/actions/connector').concat(under('/api/actions/connector/:id')), (req, _res, next) => {
    parseCreateBody(req.body);
    next();
  });
  router.put(under('/api/actions/connector/:id'), (req, _res, next) => {
    parseUpdateBody(req.body);
    next();
  });
  return router;
}

/** Refuses an unknown-looking space id as Kibana does: there is no such route. */
export function requireKnownSpaceShape(req: Request, _res: Response, next: NextFunction): void {
  next(KIBANA_SPACE_ID.test(String(req.params.spaceId)) ? undefined : new KcrError('NOT_FOUND', 'Not Found'));
}

/** Kibana core's CSRF guard: every write needs a `kbn-xsrf` header, whatever its value. */
function requireXsrf(req: Request, _res: Response, next: NextFunction): void {
  if (WRITE_METHODS.has(req.method) && req.get('kbn-xsrf') === undefined) {
    return next(new KcrError('XSRF_HEADER_MISSING', 'Request must contain a kbn-xsrf header.'));
  }
  next();
}

function spaceOf(req: Request): string {
  const spaceId = (req.params as { spaceId?: string }).spaceId;
  return spaceId ?? DEFAULT_SPACE;
}

function idParam(req: Request): string | undefined {
  const id = (req.params as { id?: string }).id;
  return id === undefined || id === '' ? undefined : id;
}

/** `?feature_id=` (at most 100 characters, as Kibana's query schema). */
function featureIdOf(req: Request): string | undefined {
  const value = req.query.feature_id;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > 100) {
    throw new KcrError('VALIDATION_FAILED', '[request query.feature_id]: expected value of type [string] of at most 100 characters', { errors: [{ path: '/feature_id', message: 'expected a string of at most 100 characters' }] });
  }
  return value;
}
