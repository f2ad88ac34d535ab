/**
 * The one error catalogue of kcr. Every error a user can see has a stable `code`, an HTTP
 * status and a one-line description; README.md lists every code (a test keeps them in step).
 * Domain code throws `KcrError`; the API renders it with one middleware, the CLI prints its
 * message on one line. Nothing else decides how an error looks.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, description: 'The request is malformed (body, query or header).' },
  VALIDATION_FAILED: { status: 400, description: 'A request body or connector failed validation; `errors` lists every problem.' },
  XSRF_HEADER_MISSING: { status: 400, description: 'A write request lacks the `kbn-xsrf` header.' },
  MANIFEST_INVALID: { status: 400, description: 'One or more manifests are invalid; every problem is listed with file, document and JSON pointer.' },
  CONNECTOR_TYPE_NOT_REGISTERED: { status: 400, description: 'The connector type is not registered.' },
  CONNECTOR_INVALID: { status: 400, description: "Connector config, secrets or cross-field rules failed the type's validation." },
  CONNECTOR_ID_INVALID: { status: 400, description: 'A connector id has the wrong format or length.' },
  PRECONFIGURED_CONNECTOR: { status: 400, description: 'Preconfigured connectors are read-only and cannot be created over, updated or deleted.' },
  SYSTEM_CONNECTOR: { status: 400, description: 'System actions cannot be created, updated or deleted.' },
  CONNECTOR_NOT_FOUND: { status: 404, description: 'No connector with that id in that space.' },
  CONNECTOR_CONFLICT: { status: 409, description: 'A connector with that id already exists.' },
  CONNECTOR_TYPE_DISABLED: { status: 403, description: 'The connector type is disabled by configuration or license.' },
  MANAGED_BY_SET: { status: 409, description: 'The connector is owned by a manifest set; change it through its manifests.' },
  PLAN_NOT_FOUND: { status: 404, description: 'No stored plan with that id.' },
  PLAN_REJECTED: { status: 422, description: 'A safety rule refused the plan (protected connector, too many deletes, empty desired state, ownership).' },
  PLAN_NOT_APPLYABLE: { status: 409, description: 'The stored plan has errors and can never be applied.' },
  PLAN_STALE: { status: 409, description: "A space's serial moved since the plan was made; re-plan." },
  PLAN_ALREADY_APPLIED: { status: 409, description: 'A plan applies at most once.' },
  PLAN_FILE_MISMATCH: { status: 400, description: 'A plan file does not match the stored plan with its id.' },
  APPLY_NOT_FOUND: { status: 404, description: 'No apply with that id.' },
  LOCKED: { status: 409, description: 'Another apply holds the space lock.' },
  LOCK_NOT_FOUND: { status: 404, description: 'No lock is held on that space.' },
  SOURCE_NOT_FOUND: { status: 404, description: 'No source with that name in kcr.yaml `sources`.' },
  UNAUTHENTICATED: { status: 401, description: 'Missing or invalid credentials.' },
  FORBIDDEN: { status: 403, description: 'The principal lacks the privilege for this operation in this space.' },
  NOT_FOUND: { status: 404, description: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, description: 'The route does not accept that method.' },
  PAYLOAD_TOO_LARGE: { status: 413, description: 'The request body is over the configured limit.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The request body has a content type the route does not accept.' },
  RATE_LIMITED: { status: 429, description: 'Too many write requests from this principal; retry later.' },
  CONFIG_INVALID: { status: 500, description: 'The kcr configuration file or environment is invalid.' },
  STORE_KEY_MISMATCH: { status: 500, description: 'The encryption key does not decrypt the secrets already in the store.' },
  STORE_UNAVAILABLE: { status: 503, description: 'The store cannot be opened or written.' },
  TARGET_UNAVAILABLE: { status: 502, description: 'The target (Kibana) could not be reached or answered with an unexpected error.' },
  INTERNAL: { status: 500, description: 'An unexpected error; details are in the server log.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem in a validation report: where it is (a path or JSON pointer) and what was expected. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export interface KcrErrorOptions {
  /** Every problem, for validation errors. */
  errors?: ErrorDetail[];
  /** Overrides the catalogue's status (e.g. a target passing through Kibana's own status). */
  status?: number;
  /** Extra machine-readable facts rendered in the HTTP body (never secrets). */
  attributes?: Record<string, unknown>;
  cause?: unknown;
}

/** The only error class domain code throws on purpose. */
export class KcrError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: ErrorDetail[];
  readonly attributes?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: KcrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KcrError';
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code].status;
    this.errors = options.errors;
    this.attributes = options.attributes;
  }
}

export function isKcrError(error: unknown): error is KcrError {
  return error instanceof KcrError;
}
