import { findEmptyStrings } from '../../connector-types/emptyStrings.js';
import { KcrError, type ErrorDetail } from '../../errors.js';
import { isJsonObject, type JsonObject } from '../../model/json.js';

/** A create body after Kibana's route validation: `config` and `secrets` default to `{}`. */
export interface CreateBody {
  name: string;
  connector_type_id: string;
  config: JsonObject;
  secrets: JsonObject;
}

/** An update body: `connector_type_id` is not part of it (the type of a connector never changes). */
export type UpdateBody = Omit<CreateBody, 'connector_type_id'>;

interface FieldRule {
  key: string;
  kind: 'string' | 'object';
  required: boolean;
}

const CREATE_FIELDS: readonly FieldRule[] = [
  { key: 'name', kind: 'string', required: true },
  { key: 'connector_type_id', kind: 'string', required: true },
  { key: 'config', kind: 'object', required: false },
  { key: 'secrets', kind: 'object', required: false },
];

const UPDATE_FIELDS = CREATE_FIELDS.filter((field) => field.key !== 'connector_type_id');

/** Validates `POST /api/actions/connector[/{id}]` as Kibana's kbn config-schema does, with its messages. */
export function parseCreateBody(body: unknown): CreateBody {
  return validateBody(body, CREATE_FIELDS) as unknown as CreateBody;
}

/** Validates `PUT /api/actions/connector/{id}`; sending `connector_type_id` is `definition for this key is missing`. */
export function parseUpdateBody(body: unknown): UpdateBody {
  return validateBody(body, UPDATE_FIELDS) as unknown as UpdateBody;
}

/**
 * Checks declared keys in order, then unknown keys, then empty strings anywhere (Kibana's
 * `validateEmptyStrings`). Kibana answers with the first problem; `errors` lists them all.
 */
function validateBody(body: unknown, fields: readonly FieldRule[]): JsonObject {
  if (!isJsonObject(body)) {
    throw requestError([{ path: '/', message: `[request body]: expected a plain object value, but found [${typeName(body)}] instead.` }]);
  }
  const problems: ErrorDetail[] = [];
  const result: JsonObject = {};
  for (const field of fields) {
    const value = body[field.key];
    if (value === undefined && !field.required) {
      result[field.key] = {};
    } else if (field.kind === 'string' ? typeof value !== 'string' : !isJsonObject(value)) {
      problems.push(problem(field.key, `expected value of type [${field.kind}] but got [${typeName(value)}]`));
    } else {
      result[field.key] = value;
    }
  }
  for (const key of Object.keys(body)) {
    if (!fields.some((field) => field.key === key)) problems.push(problem(key, 'definition for this key is missing'));
  }
  for (const field of fields) {
    const value = result[field.key];
    if (field.kind === 'string' && typeof value === 'string' && value.trim() === '') problems.push(problem(field.key, "value '' is not valid"));
  }
  for (const part of ['config', 'secrets'] as const) {
    if (isJsonObject(result[part])) {
      problems.push(...findEmptyStrings(part, result[part]).map((issue) => ({ path: issue.pointer, message: issue.kibanaDetail })));
    }
  }
  if (problems.length > 0) throw requestError(problems);
  return result;
}

function problem(key: string, detail: string): ErrorDetail {
  return { path: `/${key}`, message: `[request body.${key}]: ${detail}` };
}

function requestError(problems: ErrorDetail[]): KcrError {
  return new KcrError('VALIDATION_FAILED', problems[0].message, { errors: problems });
}

/** config-schema's names for the type of a value (`Array` for arrays, as its type detection prints). */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  return typeof value;
}
