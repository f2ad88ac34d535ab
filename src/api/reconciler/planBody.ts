import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { ActionsSettings } from '../../config/types.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import { KcrError } from '../../errors.js';
import type { DesiredConnectorInput, ManifestSource } from '../../model/desired.js';
import { formatManifestError, loadManifestText } from '../../reconciler/manifests/index.js';
import { compiledSchema } from '../../schemas/schemaCatalog.js';

/** The content types a plan body may have: multi-document YAML, or JSON `{"manifests": [...]}`. */
export const YAML_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'] as const;
export const PLAN_REQUEST_SCHEMA_ID = 'https://kcr.dev/schemas/api/plan-request.json';

/** The label that stands for the file in errors and in `manifest.file` when the body says nothing else. */
const BODY_LABEL = 'request';

interface PlanRequestBody {
  manifests: unknown[];
  sources?: Array<Pick<ManifestSource, 'file' | 'document'>>;
}

/**
 * Parses a plan body (YAML as text, JSON as an object) within the configured size limit. Parser
 * failures become catalogue errors here, so every client sees the same 413/415/400 shapes.
 */
export function planBodyParser(bodyLimit: string): RequestHandler {
  // Both forms are read as text: JSON.parse's own messages may quote the body (a secret, perhaps),
  // so JSON syntax errors are reported by the manifest loader, with a position only.
  const readText = express.text({ limit: bodyLimit, type: ['application/json', ...YAML_TYPES] });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(['application/json', ...YAML_TYPES])) {
      const got = req.headers['content-type'] ?? 'none';
      next(new KcrError('UNSUPPORTED_MEDIA_TYPE', `content type "${got.slice(0, 80)}" is not accepted: send manifests as application/yaml (multi-document) or application/json ({"manifests": [...]})`));
      return;
    }
    readText(req, res, (error?: unknown) => next(error ? parserError(error, bodyLimit) : undefined));
  };
}

function parserError(error: unknown, bodyLimit: string): KcrError {
  const { type, status } = error as { type?: string; status?: number };
  if (type === 'entity.too.large') return new KcrError('PAYLOAD_TOO_LARGE', `request body is over the configured limit of ${bodyLimit} (server.bodyLimit)`);
  if (status === 415) return new KcrError('UNSUPPORTED_MEDIA_TYPE', `request body cannot be decoded: ${(error as Error).message.slice(0, 200)}`);
  return new KcrError('BAD_REQUEST', 'request body cannot be read (aborted, or a wrong Content-Length or Content-Encoding)');
}

/**
 * The desired connectors a plan body declares, validated exactly as `kcr validate` does. Secret
 * references resolve against nothing on the server: `${env:}` sees an empty environment and
 * `${file:}` is refused, so a request can never pull the server's own variables or files into a
 * connector. Clients resolve references themselves (the CLI does, on the CI machine).
 */
export async function desiredFromBody(req: Request, deps: { registry: ConnectorTypes; settings: ActionsSettings }): Promise<DesiredConnectorInput[]> {
  const options = { registry: deps.registry, settings: deps.settings, env: {}, label: BODY_LABEL };
  if (req.is([...YAML_TYPES])) {
    const text = typeof req.body === 'string' ? req.body : '';
    return unwrap(await loadManifestText(text, { ...options, contentType: 'yaml' }));
  }
  const body = checkJsonBody(await parseJsonBody(req.body, options));
  const result = await loadManifestText(JSON.stringify({ manifests: body.manifests }), { ...options, contentType: 'json' });
  return withSources(unwrap(result), body);
}

/** The JSON body as a value (already parsed when an app-wide JSON parser ran first). */
async function parseJsonBody(body: unknown, options: Omit<Parameters<typeof loadManifestText>[1], 'contentType'>): Promise<unknown> {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    // The loader reports the syntax error by line and column, never quoting the text.
    unwrap(await loadManifestText(body, { ...options, contentType: 'json' }));
    throw new KcrError('BAD_REQUEST', 'request body is not valid JSON');
  }
}

function checkJsonBody(body: unknown): PlanRequestBody {
  const validate = compiledSchema<PlanRequestBody>(PLAN_REQUEST_SCHEMA_ID);
  if (validate(body)) {
    if (body.sources && body.sources.length !== body.manifests.length) {
      throw new KcrError('VALIDATION_FAILED', 'request body is invalid: "sources" must have one entry per manifest', {
        errors: [{ path: '/sources', message: `expected ${body.manifests.length} entries, got ${body.sources.length}` }],
      });
    }
    return body;
  }
  const errors = (validate.errors ?? []).map((e) => ({ path: e.instancePath || '/', message: e.message ?? 'is invalid' }));
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw new KcrError('VALIDATION_FAILED', `request body is invalid: expected {"manifests": [<manifest>, ...]} (${summary})`, { errors });
}

function unwrap(result: Awaited<ReturnType<typeof loadManifestText>>): DesiredConnectorInput[] {
  if (result.ok) return result.connectors;
  throw new KcrError('MANIFEST_INVALID', result.errors.map((error) => formatManifestError(error)).join('\n'), {
    errors: result.errors.map((error) => ({ path: `${error.file}[${error.document}]${error.pointer}`, message: error.message })),
  });
}

/**
 * `sources` says where each manifest came from on the client (the CLI sends its own paths), so a
 * plan made over HTTP names the same files as one made locally. Each manifest is one Connector.
 */
function withSources(connectors: DesiredConnectorInput[], body: PlanRequestBody): DesiredConnectorInput[] {
  const { sources } = body;
  if (!sources) return connectors;
  if (connectors.length !== sources.length) {
    throw new KcrError('VALIDATION_FAILED', 'request body is invalid: with "sources", every manifest must be one Connector (not a ConnectorList)', {
      errors: [{ path: '/sources', message: `expected one source per connector: ${connectors.length} connector(s), ${sources.length} source(s)` }],
    });
  }
  return connectors.map((connector, index) => ({ ...connector, source: { ...connector.source, file: sources[index].file, document: sources[index].document } }));
}
