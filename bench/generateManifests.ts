import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Connector shapes the benchmark mixes, one per type family (config and secrets as a platform team writes them). */
const SHAPES: Array<(i: number) => { type: string; config?: Record<string, unknown>; secrets?: Record<string, unknown> }> = [
  (i) => ({ type: '.slack', secrets: { webhookUrl: `https://hooks.slack.com/services/T0/B${i}/bench` } }),
  (i) => ({ type: '.index', config: { index: `alerts-${i}`, refresh: i % 2 === 0 } }),
  (i) => ({ type: '.webhook', config: { url: `https://hooks.example.com/${i}`, method: 'post', hasAuth: true }, secrets: { user: 'bench', password: `pw-${i}` } }),
  (i) => ({ type: '.email', config: { from: `alerts-${i}@example.com`, host: 'smtp.example.com', port: 587 }, secrets: { user: 'bench', password: `pw-${i}` } }),
  (i) => ({ type: '.pagerduty', config: { apiUrl: 'https://events.pagerduty.com/v2/enqueue' }, secrets: { routingKey: `rk-${i}` } }),
  (i) => ({ type: '.gen-ai', config: { apiProvider: 'OpenAI', apiUrl: 'https://api.openai.com/v1/chat/completions', defaultModel: 'gpt-4o' }, secrets: { apiKey: `sk-${i}` } }),
  () => ({ type: '.server-log' }),
  (i) => ({ type: '.teams', secrets: { webhookUrl: `https://example.webhook.office.com/${i}` } }),
  (i) => ({ type: '.jira', config: { apiUrl: 'https://jira.example.com', projectKey: `P${i % 100}` }, secrets: { email: 'bench@example.com', apiToken: `tok-${i}` } }),
];

export interface GeneratedSet {
  dir: string;
  files: string[];
  connectors: number;
  spaces: number;
}

/** One YAML document of a connector manifest. `variant` changes the display name (the 1% change). */
export function connectorDocument(space: number, index: number, variant = 0): string {
  const shape = SHAPES[index % SHAPES.length](index);
  const doc = {
    apiVersion: 'kcr/v1',
    kind: 'Connector',
    metadata: { name: `c-${space}-${index}`, labels: { team: `team-${index % 7}` } },
    spec: {
      space_id: `space-${space}`,
      name: variant === 0 ? `Connector ${space}-${index}` : `Connector ${space}-${index} (v${variant})`,
      connector_type_id: shape.type,
      ...(shape.config ? { config: shape.config } : {}),
      ...(shape.secrets ? { secrets: shape.secrets } : {}),
    },
  };
  return JSON.stringify(doc);
}

/**
 * Writes `spaces` YAML files (one per space, multi-document) holding `total` connectors.
 * JSON is valid YAML, so each document is written as one flow line: realistic in size, cheap to make.
 */
export function generateManifests(dir: string, total: number, spaces: number, changed: Set<string> = new Set()): GeneratedSet {
  mkdirSync(dir, { recursive: true });
  const perSpace = Math.ceil(total / spaces);
  const files: string[] = [];
  for (let space = 0; space < spaces; space++) {
    const docs: string[] = [];
    for (let i = 0; i < perSpace && space * perSpace + i < total; i++) {
      docs.push(connectorDocument(space, i, changed.has(`${space}/${i}`) ? 1 : 0));
    }
    const file = join(dir, `space-${String(space).padStart(3, '0')}.yaml`);
    writeFileSync(file, `${docs.join('\n---\n')}\n`);
    files.push(file);
  }
  return { dir, files, connectors: total, spaces };
}
