import { Router } from 'express';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { openApiDocumentFor } from './buildOpenApiDocument.js';

/** `GET /api/reconciler/openapi.json`: the OpenAPI 3.1 document of every route. */
export function createOpenApiRouter(registry: ConnectorTypes): Router {
  const router = Router();
  router.get('/api/reconciler/openapi.json', (_req, res) => {
    res.json(openApiDocumentFor(registry));
  });
  return router;
}
