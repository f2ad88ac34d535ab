import type { KcrConfig } from '../../config/types.js';
import { KcrError } from '../../errors.js';
import { KibanaTarget, type KibanaTargetDependencies } from './KibanaTarget.js';

/**
 * Builds the kibana target from the validated config: `target:` gives the URL, credentials,
 * CA and concurrency; `actions:` (Kibana's xpack.actions.* names) gives proxy, TLS and timeouts.
 * For the composition root (CLI / serve), the only place that knows the concrete class.
 */
export function kibanaTargetFromConfig(config: Pick<KcrConfig, 'target' | 'actions'>, dependencies: KibanaTargetDependencies = {}): KibanaTarget {
  const { target } = config;
  if (target.type !== 'kibana') throw new KcrError('CONFIG_INVALID', `target.type is ${target.type}, not kibana`);
  return new KibanaTarget(
    {
      url: target.url,
      apiKey: target.apiKey,
      username: target.username,
      password: target.password,
      bearerToken: target.bearerToken,
      caFile: target.caFile,
      insecure: target.insecure,
      concurrency: target.concurrency,
      actions: config.actions,
    },
    dependencies,
  );
}
