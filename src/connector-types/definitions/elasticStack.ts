import type { ConnectorTypeSpec } from '../spec.js';
import { ALERTING_FEATURES, defineType, ELASTIC_STACK } from './common.js';

/** Kibana's Elastic Stack connector types; `.cases` and `.observability-ai-assistant` are system action types. */
export const ELASTIC_STACK_TYPES: ConnectorTypeSpec[] = [
  defineType({ id: '.index', name: 'Index', category: ELASTIC_STACK, minimumLicense: 'basic', supportedFeatureIds: ALERTING_FEATURES }),
  defineType({ id: '.server-log', name: 'Server log', category: ELASTIC_STACK, minimumLicense: 'basic', supportedFeatureIds: ALERTING_FEATURES }),
  defineType({
    id: '.observability-ai-assistant',
    name: 'Observability AI Assistant',
    category: ELASTIC_STACK,
    minimumLicense: 'enterprise',
    supportedFeatureIds: ['alerting'],
    isSystemActionType: true,
  }),
  defineType({ id: '.cases', name: 'Cases', category: ELASTIC_STACK, minimumLicense: 'platinum', supportedFeatureIds: ALERTING_FEATURES, isSystemActionType: true }),
];
