import { isJsonObject, type JsonObject } from '../model/json.js';
import { effectiveProperties, type PropertySchema } from './schemaDefaults.js';

/** What Joi's number type converts: optional sign, digits with an optional fraction, an optional exponent, spaces around. */
const NUMERIC_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;

/**
 * Kibana's config-schema numbers accept numeric strings: `port: "587"` is stored and returned as
 * 587 (its `schema.number()` is a Joi number, which converts them). Only fields whose schema
 * is a number and not a string are converted, at every depth of declared objects; anything else
 * is left for the schema to judge ("expected value of type [number] but got [string]").
 * Returns `value` itself when nothing was converted.
 */
export function coerceNumericStrings(schema: PropertySchema, value: JsonObject): JsonObject {
  let result: JsonObject | undefined;
  for (const [key, property] of Object.entries(effectiveProperties(schema, value))) {
    const current = value[key];
    let next = current;
    if (typeof current === 'string' && isNumberField(property) && NUMERIC_TEXT.test(current)) next = Number.parseFloat(current.trim()) || 0;
    else if (property.properties && isJsonObject(current)) next = coerceNumericStrings(property, current);
    if (next !== current) (result ??= { ...value })[key] = next;
  }
  return result ?? value;
}

function isNumberField(property: PropertySchema): boolean {
  const types = Array.isArray(property.type) ? property.type : property.type === undefined ? [] : [property.type];
  return (types.includes('number') || types.includes('integer')) && !types.includes('string');
}
