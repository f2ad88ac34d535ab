import type { ConnectorTypeSpec } from '../spec.js';
import { ALERTING_TYPES } from './alerting.js';
import { ELASTIC_STACK_TYPES } from './elasticStack.js';
import { EMAIL_TYPE } from './email.js';
import { GENERATIVE_AI_TYPES } from './generativeAi.js';
import { SERVICENOW_TYPES } from './serviceNow.js';
import { WEBHOOK_TYPES } from './webhook.js';
import { XMATTERS_TYPE } from './xmatters.js';

/** Every connector type Kibana registers out of the box (32, two of them system action types). */
export const BUILT_IN_CONNECTOR_TYPES: readonly ConnectorTypeSpec[] = [
  ...GENERATIVE_AI_TYPES,
  ...ELASTIC_STACK_TYPES,
  EMAIL_TYPE,
  ...WEBHOOK_TYPES,
  ...SERVICENOW_TYPES,
  XMATTERS_TYPE,
  ...ALERTING_TYPES,
];
