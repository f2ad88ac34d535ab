import type { KcrConfig } from '../../config/types.js';
import { KcrError, isKcrError } from '../../errors.js';
import type { ActualConnector } from '../../model/connector.js';
import type { Actor, KcrEvent } from '../../model/events.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { Store } from '../../store/Store.js';
import type { ConnectorWrite, Target, TargetConnectorType } from '../../targets/Target.js';
import { ListBodyCache } from './listBodyCache.js';

export interface ConnectorsServiceOptions {
  target: Target;
  store: Store;
  config: Pick<KcrConfig, 'managedConnectorWrites'>;
  now?: () => Date;
}

type WriteAction = 'connector.create' | 'connector.update' | 'connector.delete';

/** What one write did, for its event: the connector it touched and the owning set when it went around one. */
interface WriteFacts {
  connectorId?: string;
  owner?: InventoryEntry;
}

/**
 * The one service the Kibana-compatible routes call. Reads go straight to the target. Writes
 * also enforce manifest-set ownership (`managedConnectorWrites`), record an event whatever the
 * outcome, and bump the space serial on success so plans made before the write become stale.
 */
export class ConnectorsService {
  readonly #target: Target;
  readonly #store: Store;
  readonly #config: ConnectorsServiceOptions['config'];
  readonly #now: () => Date;
  readonly #listBodies = new ListBodyCache();

  constructor(options: ConnectorsServiceOptions) {
    this.#target = options.target;
    this.#store = options.store;
    this.#config = options.config;
    this.#now = options.now ?? (() => new Date());
  }

  list(spaceId: string): Promise<ActualConnector[]> {
    return this.#target.listConnectors(spaceId);
  }

  /**
   * The list of a space as the JSON body `render` makes of it. On the embedded target, kcr is
   * the only writer and every write bumps the space serial, so the body is rendered once per
   * serial (ListBodyCache); a real Kibana is written behind kcr's back, so its list is always read.
   */
  async listBody(spaceId: string, render: (connectors: ActualConnector[]) => unknown): Promise<Buffer> {
    const renderNow = async () => Buffer.from(JSON.stringify(render(await this.list(spaceId))));
    if (this.#target.kind !== 'embedded') return renderNow();
    const serial = (await this.#store.getSerials([spaceId]))[spaceId] ?? 0;
    const cached = this.#listBodies.get(spaceId, serial);
    if (cached) return cached;
    const body = await renderNow();
    this.#listBodies.set(spaceId, serial, body);
    return body;
  }

  get(spaceId: string, id: string): Promise<ActualConnector> {
    return this.#target.getConnector(spaceId, id);
  }

  listTypes(featureId?: string): Promise<TargetConnectorType[]> {
    return this.#target.listConnectorTypes(featureId);
  }

  create(actor: Actor, spaceId: string, id: string | undefined, connectorTypeId: string, write: ConnectorWrite): Promise<ActualConnector> {
    return this.#write(actor, spaceId, 'connector.create', { connectorId: id }, async (facts) => {
      if (id !== undefined) await this.#assertWritable(spaceId, id, facts);
      const created = await this.#target.createConnector(spaceId, id, connectorTypeId, write);
      facts.connectorId = created.id;
      return { result: created, message: `created connector "${created.name}" (${connectorTypeId})` };
    });
  }

  update(actor: Actor, spaceId: string, id: string, write: ConnectorWrite): Promise<ActualConnector> {
    return this.#write(actor, spaceId, 'connector.update', { connectorId: id }, async (facts) => {
      await this.#assertWritable(spaceId, id, facts);
      const updated = await this.#target.updateConnector(spaceId, id, write);
      return { result: updated, message: `updated connector "${updated.name}" (${updated.connectorTypeId})` };
    });
  }

  delete(actor: Actor, spaceId: string, id: string): Promise<void> {
    return this.#write(actor, spaceId, 'connector.delete', { connectorId: id }, async (facts) => {
      await this.#assertWritable(spaceId, id, facts);
      await this.#target.deleteConnector(spaceId, id);
      return { result: undefined, message: `deleted connector ${id}` };
    });
  }

  /**
   * Refuses a write to a connector a manifest set owns, unless the config allows such writes; then
   * it notes the owner in `facts`, so the event marks the change as out-of-band (the set's next plan shows drift).
   */
  async #assertWritable(spaceId: string, id: string, facts: WriteFacts): Promise<void> {
    const owner = (await this.#store.listInventory({ spaceIds: [spaceId] })).find((entry) => entry.connectorId === id);
    if (!owner) return;
    facts.owner = owner;
    if (this.#config.managedConnectorWrites === 'allow') return;
    throw new KcrError(
      'MANAGED_BY_SET',
      `Connector ${id} is managed by manifest set "${owner.set}" (manifest "${owner.manifestName}"); change it through that set's manifests, or set managedConnectorWrites: allow`,
      { attributes: { set: owner.set, manifest: owner.manifestName, id } },
    );
  }

  async #write<T>(actor: Actor, spaceId: string, action: WriteAction, facts: WriteFacts, run: (facts: WriteFacts) => Promise<{ result: T; message: string }>): Promise<T> {
    let outcome: { result: T; message: string };
    try {
      outcome = await run(facts);
    } catch (error) {
      await this.#record(actor, spaceId, action, facts, 'failure', failureMessage(error));
      throw error;
    }
    await this.#store.bumpSerial(spaceId);
    const message = facts.owner ? `${outcome.message}, out-of-band: owned by manifest set "${facts.owner.set}"` : outcome.message;
    await this.#record(actor, spaceId, action, facts, 'success', message);
    return outcome.result;
  }

  async #record(actor: Actor, spaceId: string, action: WriteAction, facts: WriteFacts, outcome: KcrEvent['outcome'], message: string): Promise<void> {
    const event: KcrEvent = { time: this.#now().toISOString(), actor: actor.name, action, outcome, space_id: spaceId, origin: 'kibana-api', message };
    if (actor.remoteAddress !== undefined) event.remote_address = actor.remoteAddress;
    if (actor.requestId !== undefined) event.request_id = actor.requestId;
    if (facts.connectorId !== undefined) event.connector_id = facts.connectorId;
    if (facts.owner) event.set = facts.owner.set;
    if (facts.owner && outcome === 'success') event.details = { out_of_band: true, managed_by_set: facts.owner.set };
    await this.#store.appendEvent(event);
  }
}

/** Failure text for the event log: a KcrError's message never holds a secret; anything else is summarised. */
function failureMessage(error: unknown): string {
  if (isKcrError(error)) return `${error.code}: ${error.message}`;
  return 'internal error (see the server log)';
}
