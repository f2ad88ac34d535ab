import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ERROR_CODES, KcrError, isKcrError } from '../errors.js';
import { contextOf } from './requestContext.js';

/** Kibana's text for an unexpected failure. */
const INTERNAL_MESSAGE = 'An internal server error occurred.';

/** The error body of every route, Kibana's (`statusCode`, `error`, `message`) plus kcr's `code` and `errors`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  errors?: Array<{ path: string; message: string }>;
  attributes?: Record<string, unknown>;
}

/** Unknown routes: 404 in the same shape as every other error. */
export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new KcrError('NOT_FOUND', 'Not Found'));
}

/**
 * The one place errors become responses, last in the chain. KcrError renders as is; body-parser
 * failures become Kibana's 400/413; anything else is a 500 with a generic message, logged with
 * its stack (an Error's message never holds secret values: they travel in SecretValue). 4xx are
 * the caller's mistakes and are not logged as errors.
 */
export function errorMiddleware(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const known = toKcrError(error);
    const log = (res.locals.context ? contextOf(res).log : logger);
    if (known.status >= 500) log.error({ err: error, code: known.code }, 'request failed');
    res.status(known.status).json(renderError(known));
  };
}

/** The JSON body for a KcrError. */
export function renderError(error: KcrError): ErrorBody {
  const body: ErrorBody = { statusCode: error.status, error: STATUS_CODES[error.status] ?? 'Error', message: error.message, code: error.code };
  if (error.errors && error.errors.length > 0) body.errors = error.errors;
  if (error.attributes) body.attributes = error.attributes;
  return body;
}

function toKcrError(error: unknown): KcrError {
  if (isKcrError(error)) {
    // A 5xx KcrError may describe internals (paths, driver errors): the client gets the catalogue's
    // description of its code, the log gets the detail.
    if (error.status < 500) return error;
    const message = error.code === 'INTERNAL' ? INTERNAL_MESSAGE : ERROR_CODES[error.code].description;
    return new KcrError(error.code, message, { status: error.status });
  }
  const parserError = error as { type?: string; status?: number; limit?: number };
  if (parserError.type === 'entity.too.large') {
    return new KcrError('PAYLOAD_TOO_LARGE', `Payload content length greater than maximum allowed: ${parserError.limit}`);
  }
  if (parserError.type === 'entity.parse.failed') return new KcrError('BAD_REQUEST', 'Invalid request payload JSON format');
  if (parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported') {
    return new KcrError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Media Type');
  }
  if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
    return new KcrError('BAD_REQUEST', STATUS_CODES[parserError.status] ?? 'Bad Request', { status: parserError.status });
  }
  return new KcrError('INTERNAL', INTERNAL_MESSAGE);
}
