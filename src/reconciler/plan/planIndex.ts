import { connectorAddress, type ActualConnector } from '../../model/connector.js';
import type { DesiredConnector } from '../../model/desired.js';
import type { InventoryEntry } from '../../model/inventory.js';
import type { PlanInput } from './types.js';

/** The inputs of a plan restricted to its scope spaces and indexed by address. */
export interface PlanIndex {
  desired: DesiredConnector[];
  desiredByAddress: Map<string, DesiredConnector>;
  actualByAddress: Map<string, ActualConnector>;
  /** Preconfigured and system connectors by id: their ids are global, listed in every space. */
  reservedById: Map<string, ActualConnector>;
  /** The inventory entry of whichever set owns each address. */
  ownerByAddress: Map<string, InventoryEntry>;
  /** This set's own entries in scope. */
  ownEntries: InventoryEntry[];
}

/** Filters every input to the scope spaces: nothing outside them is ever considered. */
export function indexPlanInput(input: PlanInput): PlanIndex {
  const inScope = new Set(input.scopeSpaces);
  const desired = input.desired.filter((d) => inScope.has(d.spaceId));
  const actual = input.actual.filter((a) => inScope.has(a.spaceId));
  const inventory = input.inventory.filter((e) => inScope.has(e.spaceId));
  const reservedById = new Map<string, ActualConnector>();
  for (const connector of actual) {
    if (connector.isPreconfigured || connector.isSystemAction) reservedById.set(connector.id, connector);
  }
  return {
    desired,
    desiredByAddress: new Map(desired.map((d) => [connectorAddress(d.spaceId, d.connectorId), d])),
    actualByAddress: new Map(actual.map((a) => [connectorAddress(a.spaceId, a.id), a])),
    reservedById,
    ownerByAddress: new Map(inventory.map((e) => [connectorAddress(e.spaceId, e.connectorId), e])),
    ownEntries: inventory.filter((e) => e.set === input.set),
  };
}
