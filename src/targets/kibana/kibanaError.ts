import { STATUS_CODES } from 'node:http';
import { KcrError, type ErrorCode } from '../../errors.js';
import { isJsonObject } from '../../model/json.js';

const REDACTED = '(sensitive)';

/**
 * Replaces every occurrence of a secret string (longest first, so no fragment survives) in a text.
 * Strings under 4 characters are left alone, as the manifest validator does: scrubbing "p" or
 * "on" would garble every message while protecting nothing a reader could use.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return [...secrets]
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length)
    .reduce((scrubbed, secret) => scrubbed.split(secret).join(REDACTED), text);
}

/** Picks the kcr code for a Kibana refusal; the status itself is passed through unchanged. */
function codeFor(status: number, message: string): ErrorCode {
  switch (status) {
    case 400:
      if (/is not registered/.test(message)) return 'CONNECTOR_TYPE_NOT_REGISTERED';
      if (/^Preconfigured action|in a preconfigured action/.test(message)) return 'PRECONFIGURED_CONNECTOR';
      if (/^System action/.test(message)) return 'SYSTEM_CONNECTOR';
      if (/kbn-xsrf/.test(message)) return 'XSRF_HEADER_MISSING';
      return 'CONNECTOR_INVALID';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return /not enabled in the Kibana config|license does not support/.test(message) ? 'CONNECTOR_TYPE_DISABLED' : 'FORBIDDEN';
    case 404:
      return 'CONNECTOR_NOT_FOUND';
    case 409:
      return 'CONNECTOR_CONFLICT';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'TARGET_UNAVAILABLE';
  }
}

/**
 * Turns Kibana's error answer (`{statusCode, error, message}`) into a KcrError carrying
 * Kibana's status and message, scrubbed of the request's secrets: Kibana does not echo
 * secrets, but a proxy or a future version might, and kcr's rule is that none ever leaks.
 */
export function errorFromKibana(status: number, body: unknown, secrets: readonly string[], what: string): KcrError {
  const reason = STATUS_CODES[status] ?? 'Error';
  const kibanaMessage = isJsonObject(body as never) && typeof (body as { message?: unknown }).message === 'string'
    ? (body as { message: string }).message
    : `${what}: Kibana answered ${status} ${reason}`;
  const message = scrubSecrets(kibanaMessage, secrets);
  return new KcrError(codeFor(status, message), message, { status, attributes: { target: 'kibana', kibanaStatus: status } });
}

/** The error for a call that never got an answer (refused, reset, timed out) after every retry. */
export function unreachableError(origin: string, what: string, fault: string): KcrError {
  return new KcrError('TARGET_UNAVAILABLE', `${what}: Kibana at ${origin} could not be reached (${fault})`, {
    attributes: { target: 'kibana' },
  });
}
