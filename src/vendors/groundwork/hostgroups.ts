import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { compiled } from './compiled-queries.js';
import { scanGivingWay } from './give-way.js';
import { parseDepth, projectHost } from './project.js';
import { HOST_GROUP_FIELDS, type QueryHostGroup } from './query/index.js';
import type { GroundworkState, HostGroupRecord } from './state.js';
import { present } from '../../common/present.js';

type HostGroupDetail = components['schemas']['HostGroupDetail'];

/** A group as GroundWork's HostGroupConverter writes it: attributes, then (below simple depth) its hosts at simple depth, in name order. */
function projectGroup(state: GroundworkState, group: HostGroupRecord, withHosts: boolean): HostGroupDetail {
  const out: HostGroupDetail = { id: group.id, name: group.name };
  if (group.description !== undefined) out.description = group.description;
  if (group.agentId !== undefined) out.agentId = group.agentId;
  if (group.appType !== undefined) out.appType = group.appType;
  if (withHosts) {
    const keys = [...(state.hostGroupMembers.get(group.name) ?? [])].sort();
    out.hosts = keys.map((key) => projectHost(state, present(state.hosts.get(key), `host ${key}`), 'simple'));
  }
  return out;
}

/** What a host group query reads; member names are looked up only for the groups scanned. */
function viewOf(state: GroundworkState, group: HostGroupRecord): QueryHostGroup {
  const hostNames = [...(state.hostGroupMembers.get(group.name) ?? [])]
    .map((key) => state.hosts.get(key)?.hostName)
    .filter((n): n is string => n !== undefined);
  return {
    id: group.id,
    name: group.name,
    description: group.description ?? null,
    agentId: group.agentId ?? null,
    appType: group.appType ?? null,
    hostNames,
  };
}

export const hostGroupHandlers: Pick<Handlers<operations, GroundworkState>, 'getHostGroups'> = {
  getHostGroups: async (req, { state }) => {
    const { query, first = 0, count } = req.query;
    const end = count === undefined ? Infinity : first + count;
    let groups = [...state.hostGroups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (query !== undefined) {
      const selecting = compiled(query, HOST_GROUP_FIELDS);
      const matched: QueryHostGroup[] = [];
      await scanGivingWay(groups, (group) => {
        const view = viewOf(state, group);
        if (selecting.predicate(view)) matched.push(view);
      });
      const ordered = selecting.orderBy.length > 0 ? selecting.sortTop(matched, end) : matched;
      // A group deleted while the scan gave way is left out.
      groups = ordered.map((v) => state.hostGroups.get(v.name)).filter((g): g is HostGroupRecord => g !== undefined);
    }
    const page = groups.slice(first, end);
    if (page.length === 0)
      throw new HttpError(
        404,
        query === undefined
          ? `Host Groups not found from record ${first} on`
          : `Host Groups not found for query criteria [${query}]`,
      );
    const withHosts = parseDepth(req.query.depth) !== 'simple';
    return { status: 200, body: { hostGroups: page.map((g) => projectGroup(state, g, withHosts)) } };
  },
};
