import { DEFAULT_SPACE } from '../../model/connector.js';
import type { Principal } from '../../security/principals.js';
import { ALL_SPACES, hasSpacePrivilege, readsEverySpace } from '../../security/privileges.js';
import type { ConnectorTypes } from '../../connector-types/types.js';
import type { Store } from '../../store/Store.js';
import type { ActualConnector } from '../../model/connector.js';
import type { InventoryEntry } from '../../model/inventory.js';
import { isVisibleTo } from '../security/visibleItems.js';
import { activityByDay } from './activityData.js';
import { countByCategory } from './connectorList.js';
import type { OverviewData, SetCount, SpaceCount } from './pages/overviewPage.js';
import type { UiSources } from './uiSources.js';

/** Plans and applies on the overview. */
const RECENT = 10;

/**
 * The spaces kcr knows of and the principal reads: `default`, every space a set owns connectors
 * in, every space of a recent plan, and every space the principal is granted by name. kcr keeps
 * no list of spaces (Kibana's are made elsewhere), so the connectors page also takes any space id.
 */
export async function knownSpaces(sources: UiSources, principal: Principal): Promise<string[]> {
  // The sets' spaces by one DISTINCT query per set, not by reading every inventory entry (10,000s of rows).
  const setSpaces = await Promise.all((await sources.store.listSets()).map((set) => sources.store.listSetSpaces(set)));
  const { items: plans } = await sources.reconciler.listPlanHeads({ limit: 100 });
  const named = Object.keys(principal.privileges).filter((space) => space !== ALL_SPACES);
  const all = new Set([DEFAULT_SPACE, ...setSpaces.flat(), ...plans.flatMap((p) => p.spaces), ...named]);
  return [...all].filter((space) => hasSpacePrivilege(principal, space, 'read')).sort();
}

/**
 * The manifest sets the principal may know of, with how many connectors each owns in the spaces
 * it reads: a set that owns nothing there is hidden (its name alone tells of other spaces),
 * unless the principal reads every space.
 */
export async function visibleSets(sources: UiSources, principal: Principal, readable?: InventoryEntry[]): Promise<SetCount[]> {
  const inventory = readable ?? (await sources.store.listInventory()).filter((entry) => hasSpacePrivilege(principal, entry.spaceId, 'read'));
  return (await sources.store.listSets())
    .map((set) => ({ set, owned: inventory.filter((entry) => entry.set === set).length }))
    .filter((s) => s.owned > 0 || readsEverySpace(principal));
}

/**
 * Everything the overview shows, limited to what the principal reads. Connector counts are one
 * list call per space, in parallel; a space whose list fails shows "unavailable" rather than
 * failing the whole page (the target may be a Kibana that is down).
 */
export async function overviewData(sources: UiSources, principal: Principal, now = new Date()): Promise<OverviewData> {
  const spaces = await knownSpaces(sources, principal);
  const inventory = (await sources.store.listInventory()).filter((entry) => hasSpacePrivilege(principal, entry.spaceId, 'read'));
  const counts = await Promise.all(spaces.map(async (space): Promise<SpaceCount> => {
    const listed = await sources.listConnectors(space).then((list) => list, () => null);
    return {
      space,
      connectors: listed === null ? null : listed.length,
      categories: listed === null ? null : countByCategory(listed, sources.registry),
      owned: inventory.filter((entry) => entry.spaceId === space).length,
    };
  }));
  const sets = await visibleSets(sources, principal, inventory);
  const { items: plans } = await sources.reconciler.listPlanHeads({ limit: RECENT * 5 });
  const { items: applies } = await sources.reconciler.listApplies({ limit: RECENT * 5 });
  return {
    activity: await activityByDay(sources, principal, now),
    spaces: counts,
    sets,
    plans: plans.filter((plan) => isVisibleTo(principal, plan)).slice(0, RECENT),
    applies: applies.filter((apply) => isVisibleTo(principal, apply)).slice(0, RECENT),
  };
}
