import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/createLogger.js';
import { SecretValue } from '../../src/secrets/SecretValue.js';
import { CapturedLogs } from '../helpers/createTestApp.js';

const CANARY = 'CANARY-log-7d1e';

/** pino redaction is the second line of defence behind SecretValue: plain objects that slipped through are still censored. */
describe('log redaction', () => {
  it.each([
    ['a SecretValue anywhere', { connector: { secrets: new SecretValue({ password: CANARY }) }, value: new SecretValue(CANARY) }],
    ['a plain secrets object', { secrets: { webhookUrl: CANARY } }],
    ['nested secrets', { plan: { connector: { secrets: { password: CANARY } } } }],
    ['request headers', { req: { headers: { authorization: `ApiKey ${CANARY}`, cookie: CANARY } } }],
    ['a target config', { target: { type: 'kibana', apiKey: CANARY, password: CANARY, bearerToken: CANARY } }],
    ['a principal entry', { principal: { name: 'ci', secretHash: `scrypt$${CANARY}` } }],
    ['the encryption key', { config: { encryptionKey: CANARY } }],
    ['an outgoing request', { request: { headers: { authorization: `Basic ${CANARY}` } } }],
  ])('censors %s', (_case, fields) => {
    const logs = new CapturedLogs();
    const logger = createLogger({ level: 'info', destination: logs });
    logger.info(fields, 'something happened');
    logger.flush();
    expect(logs.lines).toHaveLength(1);
    expect(logs.text).not.toContain(CANARY);
  });
});
