import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors in every log line. SecretValue is the first line of defence (it prints
 * "(sensitive)"); this list is the second, for a plain object that slipped through (a request
 * header, a preconfigured connector's secrets, a Kibana target's credentials).
 */
export const REDACTED_PATHS: readonly string[] = [
  'secrets',
  '*.secrets',
  '*.*.secrets',
  'password',
  '*.password',
  '*.*.password',
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'bearerToken',
  '*.bearerToken',
  'token',
  '*.token',
  'encryptionKey',
  '*.encryptionKey',
  'secretHash',
  '*.secretHash',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.headers.authorization',
];

export interface CreateLoggerOptions {
  level: string;
  /** Where lines go (the CLI passes stderr; tests pass a stream they read back). Default: stdout. */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Fixed fields on every line. */
  base?: Record<string, unknown>;
}

/** The structured (JSON lines) logger of kcr, with secret-looking fields censored. */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { name: 'kcr', ...options.base },
      redact: { paths: [...REDACTED_PATHS], censor: '(sensitive)' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    (options.destination ?? process.stdout) as DestinationStream,
  );
}

export type { Logger };
