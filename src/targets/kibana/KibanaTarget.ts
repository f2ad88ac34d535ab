import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { KcrError } from '../../errors.js';
import type { ActualConnector } from '../../model/connector.js';
import type { CallReport, ConnectorWrite, Target, TargetConnectorType } from '../Target.js';
import { buildDispatcher, planConnection } from './dispatcher.js';
import { KibanaHttpClient, type CallResult } from './KibanaHttpClient.js';
import { errorFromKibana } from './kibanaError.js';
import { authorizationHeader, resolveKibanaTargetOptions, type KibanaTargetInput, type KibanaTargetOptions } from './options.js';
import { describeTransportError, note, type AttemptResult, type RawResponse, type RetryEnvironment } from './retry.js';
import {
  connectorFromKibana, connectorsFromKibana, connectorTypeFromKibana, createBody, secretStrings, updateBody,
} from './transforms.js';

/** What tests and the composition root may swap: the clock, the dice, the dispatcher, the logger. */
export interface KibanaTargetDependencies {
  sleep?: RetryEnvironment['sleep'];
  random?: RetryEnvironment['random'];
  /** A ready dispatcher instead of the one built from the networking options. */
  dispatcher?: Dispatcher;
  logger?: { warn(message: string): void };
}

const connectorPath = (spaceId: string, id: string): string =>
  `/s/${encodeURIComponent(spaceId)}/api/actions/connector/${encodeURIComponent(id)}`;

/**
 * The `kibana` target: a real Kibana reached over its connectors API. Every route carries the
 * `/s/{space}` prefix, `default` included (as the Terraform provider does), reads are one list
 * call per space, and writes survive transient faults without ever creating a duplicate.
 */
export class KibanaTarget implements Target {
  readonly kind = 'kibana' as const;
  /** Most requests in flight at once; the planner uses it to bound its parallel list calls. */
  readonly concurrency: number;
  // Private (#) so that logging or inspecting the target can never print the credentials.
  readonly #http: KibanaHttpClient;

  constructor(input: KibanaTargetInput, dependencies: KibanaTargetDependencies = {}) {
    const options: Readonly<KibanaTargetOptions> = resolveKibanaTargetOptions(input);
    this.concurrency = options.concurrency;
    const plan = planConnection(options);
    for (const warning of plan.warnings) dependencies.logger?.warn(warning);
    const dispatcher = dependencies.dispatcher ?? buildDispatcher(plan, options.concurrency);
    this.#http = new KibanaHttpClient({ url: options.url, retry: options.retry }, authorizationHeader(options), dispatcher, {
      sleep: dependencies.sleep ?? ((ms) => delay(ms)),
      random: dependencies.random ?? Math.random,
    });
  }

  async listConnectors(spaceId: string): Promise<ActualConnector[]> {
    const what = `list connectors in space ${spaceId}`;
    const { response } = await this.#http.call({ method: 'GET', path: `/s/${encodeURIComponent(spaceId)}/api/actions/connectors`, what });
    return connectorsFromKibana(spaceId, expectStatus(response, [200], [], what));
  }

  async getConnector(spaceId: string, id: string): Promise<ActualConnector> {
    const what = `get connector ${spaceId}/${id}`;
    const { response } = await this.#http.call({ method: 'GET', path: connectorPath(spaceId, id), what });
    return connectorFromKibana(spaceId, expectStatus(response, [200], [], what));
  }

  /**
   * Creates with a chosen id (kcr picks a UUID when none is given, so a lost answer can always
   * be checked). Before any retry a GET asks whether the lost write happened: if the connector
   * is there with the same name and type, the create is done; no duplicate, no bogus 409.
   */
  async createConnector(spaceId: string, id: string | undefined, connectorTypeId: string, write: ConnectorWrite, report?: CallReport): Promise<ActualConnector> {
    const connectorId = id ?? randomUUID();
    const what = `create connector ${spaceId}/${connectorId}`;
    const secrets = secretStrings(write.secrets.reveal());
    const alreadyCreated = (): Promise<RawResponse | undefined> =>
      this.#findOwnCreate(spaceId, connectorId, connectorTypeId, write.name, report);
    const result: CallResult = await this.#http.call({
      method: 'POST', path: connectorPath(spaceId, connectorId), body: createBody(connectorTypeId, write),
      what, secrets, report,
      // A refused connection never carried the request: nothing to check before sending it again.
      beforeRetry: async (fault) => (neverSent(fault) ? undefined : alreadyCreated()),
    });
    let { response } = result;
    // A 409 after a fault may be our own earlier write landing late (a delayed request): check it.
    if (response.status === 409 && result.afterFault) response = (await alreadyCreated()) ?? response;
    return connectorFromKibana(spaceId, expectStatus(response, [200], secrets, what));
  }

  async updateConnector(spaceId: string, id: string, write: ConnectorWrite, report?: CallReport): Promise<ActualConnector> {
    const what = `update connector ${spaceId}/${id}`;
    const secrets = secretStrings(write.secrets.reveal());
    // PUT is a full replacement, so sending it again after a lost answer is harmless.
    const { response } = await this.#http.call({ method: 'PUT', path: connectorPath(spaceId, id), body: updateBody(write), what, secrets, report });
    return connectorFromKibana(spaceId, expectStatus(response, [200], secrets, what));
  }

  async deleteConnector(spaceId: string, id: string, report?: CallReport): Promise<void> {
    const what = `delete connector ${spaceId}/${id}`;
    const { response, afterFault } = await this.#http.call({ method: 'DELETE', path: connectorPath(spaceId, id), what, report });
    if (response.status === 404 && afterFault) {
      note(report, 'the connector was already gone after a lost answer: the delete had happened');
      return;
    }
    expectStatus(response, [200, 204], [], what);
  }

  async listConnectorTypes(featureId?: string): Promise<TargetConnectorType[]> {
    const query = featureId === undefined ? '' : `?feature_id=${encodeURIComponent(featureId)}`;
    const what = 'list connector types';
    const { response } = await this.#http.call({ method: 'GET', path: `/api/actions/connector_types${query}`, what });
    const body = expectStatus(response, [200], [], what);
    if (!Array.isArray(body)) throw new KcrError('TARGET_UNAVAILABLE', 'Kibana answered the connector type list with something that is not an array');
    return body.map(connectorTypeFromKibana);
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  /** The GET behind a create retry: the connector's answer when it exists as we meant it, undefined when absent. */
  async #findOwnCreate(spaceId: string, id: string, connectorTypeId: string, name: string, report?: CallReport): Promise<RawResponse | undefined> {
    const what = `check connector ${spaceId}/${id} after a lost create answer`;
    const { response } = await this.#http.call({ method: 'GET', path: connectorPath(spaceId, id), what, report });
    if (response.status === 404) {
      note(report, 'GET found no connector: the create had not happened, sending it again');
      return undefined;
    }
    const existing = connectorFromKibana(spaceId, expectStatus(response, [200], [], what));
    if (existing.name === name && existing.connectorTypeId === connectorTypeId) {
      note(report, 'GET found the connector with the same name and type: the create had happened, treated as done');
      return response;
    }
    throw new KcrError('CONNECTOR_CONFLICT', `Saved object [action/${id}] conflict`, { attributes: { target: 'kibana' } });
  }
}

function neverSent(fault: AttemptResult): boolean {
  return 'error' in fault && describeTransportError(fault.error).startsWith('ECONNREFUSED');
}

function expectStatus(response: RawResponse, ok: number[], secrets: readonly string[], what: string): unknown {
  if (ok.includes(response.status)) return response.body;
  throw errorFromKibana(response.status, response.body, secrets, what);
}
