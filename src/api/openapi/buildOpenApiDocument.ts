import type { ConnectorTypes } from '../../connector-types/types.js';
import { schemaCatalog } from '../../schemas/schemaCatalog.js';
import { KCR_VERSION } from '../../version.js';
import { UI_OPERATIONS } from '../ui/uiOperations.js';
import { GITOPS_OPERATIONS } from './gitOpsOperations.js';
import { API_OPERATIONS, ref, type OperationSpec, type ResponseSpec, type SchemaSource } from './operations.js';
import { LINKS } from './links.js';
import { pathParameterSchema, queryParameterSchema, securityResponses } from './sharedShapes.js';

/** Every operation kcr serves: the JSON API's, the GitOps routes' and the web page's. */
export const OPERATIONS: readonly OperationSpec[] = [...API_OPERATIONS, ...GITOPS_OPERATIONS, ...UI_OPERATIONS];

type Json = Record<string, unknown>;

const ERROR_SCHEMA_ID = 'https://kcr.dev/schemas/api/error.json';

const API_SCHEMA_IDS = [
  'https://kcr.dev/schemas/api/error.json',
  'https://kcr.dev/schemas/api/plan.json',
  'https://kcr.dev/schemas/api/plan-request.json',
  'https://kcr.dev/schemas/api/apply-record.json',
  'https://kcr.dev/schemas/api/event.json',
  'https://kcr.dev/schemas/api/lock.json',
  'https://kcr.dev/schemas/api/inventory-entry.json',
  'https://kcr.dev/schemas/api/kibana-connector.json',
  'https://kcr.dev/schemas/api/kibana-connector-write.json',
  'https://kcr.dev/schemas/api/kibana-connector-types.json',
  'https://kcr.dev/schemas/manifest.v1.json',
];

/**
 * The OpenAPI 3.1 document of every route (Kibana-compatible and reconciler), from the operation
 * table and the JSON Schemas loaded by `$id` in the shared catalogue: the schemas that validate
 * requests are the ones the document shows, so the two cannot drift apart. Each connector type's
 * config and secrets schemas are components too (`ConnectorConfig_<type>`).
 */
export function buildOpenApiDocument(registry: ConnectorTypes): Json {
  const components = new ComponentTable();
  for (const id of API_SCHEMA_IDS) components.add(id);
  for (const type of registry.list()) {
    components.add(type.configSchemaId, `ConnectorConfig_${componentSuffix(type.id)}`);
    components.add(type.secretsSchemaId, `ConnectorSecrets_${componentSuffix(type.id)}`);
  }
  const paths: Record<string, Json> = {};
  for (const operation of OPERATIONS) {
    for (const path of servedPaths(operation)) {
      paths[path] = { ...(paths[path] ?? {}), [operation.method]: operationObject(operation, path, components) };
    }
  }
  addLinks(paths);
  components.finish();
  return {
    openapi: '3.1.0',
    info: {
      title: 'kcr, the Kibana connector reconciler',
      version: KCR_VERSION,
      description: 'Kibana-compatible connectors API (also under /s/{space_id}) and the reconciler API. Writes need a kbn-xsrf header. Errors: {statusCode, error, message, code, errors?}.',
    },
    tags: [
      { name: 'kibana', description: "Kibana's connectors API, for the Terraform provider and Kibana clients" },
      { name: 'reconciler', description: 'plans, applies, drift, inventory, events and locks' },
      { name: 'service', description: 'status, health, metrics and this document' },
    ],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'ApiKey <base64(id:key)>' },
        basic: { type: 'http', scheme: 'basic' },
      },
    },
    // Empty requirement: without configured principals, kcr serves loopback only and needs no credentials.
    security: [{ apiKey: [] }, { basic: [] }, {}],
  };
}

function servedPaths(operation: OperationSpec): string[] {
  return operation.perSpace ? [operation.path, `/s/{space_id}${operation.path}`] : [operation.path];
}

function operationObject(operation: OperationSpec, path: string, components: ComponentTable): Json {
  const parameters: Json[] = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: pathParameterSchema(match[1]) }));
  if (operation.xsrf) parameters.push({ name: 'kbn-xsrf', in: 'header', required: true, description: 'any value; refuses cross-site form posts', schema: { type: 'string' } });
  for (const q of operation.query ?? []) {
    parameters.push({ name: q.name, in: 'query', required: q.required ?? false, description: q.description, schema: path.startsWith('/ui/') ? q.schema : queryParameterSchema(q.name, q.schema), ...(q.schema.type === 'array' ? { style: 'form', explode: true } : {}) });
  }
  const responses: Record<string, Json> = {};
  for (const [status, response] of Object.entries(withSharedResponses(operation, path))) {
    const content: Record<string, Json> = response.schema ? { [response.contentType ?? 'application/json']: { schema: components.resolve(ref(response.schema)) } } : {};
    if (response.alsoPlainText) content['text/plain'] = { schema: { type: 'string' } };
    responses[status] = Object.keys(content).length > 0 ? { description: response.description, content } : { description: response.description };
  }
  const object: Json = {
    operationId: operationId(operation.method, path),
    summary: operation.summary,
    tags: [operation.tag],
    parameters,
    responses,
  };
  if (operation.requestBody) {
    const content: Record<string, Json> = {};
    for (const [type, schema] of Object.entries(operation.requestBody.content)) content[type] = { schema: components.resolve(ref(schema as SchemaSource)) };
    object.requestBody = { required: true, description: operation.requestBody.description, content };
  }
  return object;
}

/**
 * The operation's own answers plus those any route of its kind can give: the security layer's
 * (401/403/429) and, for writes, the kbn-xsrf guard's 400. Errors of the web page are HTML.
 */
function withSharedResponses(operation: OperationSpec, path: string): Record<string, ResponseSpec> {
  const html = path.startsWith('/ui/');
  const shared: Record<string, ResponseSpec> = {};
  const error = (description: string): ResponseSpec => (html ? { description, contentType: 'text/html', schema: { inline: { type: 'string' } } } : { description, schema: { id: ERROR_SCHEMA_ID } });
  if (operation.xsrf) shared[400] = error('bad query or body, or no kbn-xsrf header');
  else if (operation.query?.length) shared[400] = error('bad query (a parameter out of range, unknown, or given twice)');
  if (path.startsWith('/s/{space_id}/')) shared[404] = error("no such route: the space id is not of Kibana's shape");
  for (const [status, description] of Object.entries(securityResponses(path, operation.method !== 'get'))) {
    shared[status] = error(description);
  }
  return { ...shared, ...operation.responses };
}

/** Attaches the OpenAPI links (src/api/openapi/links.ts), for every path an operation is served at. */
function addLinks(paths: Record<string, Json>): void {
  for (const link of LINKS) {
    for (const prefix of ['', '/s/{space_id}']) {
      const from = paths[prefix + link.from.path]?.[link.from.method] as Json | undefined;
      const response = (from?.responses as Record<string, Json> | undefined)?.[link.from.status];
      if (!response || !paths[prefix + link.to.path]?.[link.to.method]) continue;
      const parameters = prefix ? { ...link.parameters, space_id: '$request.path.space_id' } : link.parameters;
      const targetId = operationId(link.to.method, prefix + link.to.path);
      response.links = { ...(response.links as Json | undefined), [targetId]: { operationId: targetId, parameters } };
    }
  }
}

function operationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1));
  return `${method}${words.join('')}`;
}

function componentSuffix(typeId: string): string {
  return typeId.replace(/^\./, '').replace(/[^A-Za-z0-9_]/g, '_');
}

/** Component schemas by name, and `$id` -> component name, so references point inside the document. */
class ComponentTable {
  readonly schemas: Record<string, Json> = {};
  readonly #nameOf = new Map<string, string>();

  add(id: string, name?: string): void {
    if (this.#nameOf.has(id)) return;
    const schema = schemaCatalog().getSchema(id)?.schema as Json | undefined;
    if (!schema) throw new Error(`OpenAPI: no JSON Schema with $id ${id}`);
    const componentName = name ?? String(schema.title ?? id).replace(/[^A-Za-z0-9_.-]/g, '_');
    this.#nameOf.set(id, componentName);
    this.schemas[componentName] = schema;
  }

  /**
   * A copy of `value` with every `$ref` made local: a schema `$id` becomes its component, and a
   * schema's own `#/$defs/...` pointers are rebased under that component, because `$id` is
   * dropped (OpenAPI tools resolve `#` against the document, not the schema).
   */
  resolve(value: unknown, base?: string): Json {
    return this.#rewrite(value, base) as Json;
  }

  #rewrite(value: unknown, base?: string): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#rewrite(item, base));
    if (typeof value !== 'object' || value === null) return value;
    const out: Json = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === '$id' || key === '$schema') continue;
      out[key] = key === '$ref' && typeof child === 'string' ? this.#localRef(child, base) : this.#rewrite(child, base);
    }
    return out;
  }

  #localRef(target: string, base?: string): string {
    if (target.startsWith('#')) return base ? `#/components/schemas/${base}${target.slice(1)}` : target;
    const [id, fragment = ''] = target.split('#');
    const name = this.#nameOf.get(id);
    return name ? `#/components/schemas/${name}${fragment}` : target;
  }

  /** Every component with its references made local (called once the table is complete). */
  finish(): void {
    for (const [name, schema] of Object.entries(this.schemas)) this.schemas[name] = this.resolve(schema, name);
  }
}

/** The document, built once per registry (the schemas never change while kcr runs). */
export function openApiDocumentFor(registry: ConnectorTypes): Json {
  const cached = cache.get(registry);
  if (cached) return cached;
  const document = buildOpenApiDocument(registry);
  cache.set(registry, document);
  return document;
}

const cache = new WeakMap<ConnectorTypes, Json>();
