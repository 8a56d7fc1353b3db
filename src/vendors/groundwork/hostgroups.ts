import type { components, operations } from '../../generated/groundwork.js';
import { HttpError } from '../../mock/errors.js';
import type { Handlers } from '../../mock/types.js';
import { parseDepth, projectHost } from './project.js';
import type { GroundworkState, HostGroupRecord } from './state.js';

type HostGroupDetail = components['schemas']['HostGroupDetail'];

/** A group as GroundWork's HostGroupConverter writes it: attributes, then (below simple depth) its hosts at simple depth, in name order. */
function projectGroup(state: GroundworkState, group: HostGroupRecord, withHosts: boolean): HostGroupDetail {
  const out: HostGroupDetail = { id: group.id, name: group.name };
  if (group.description !== undefined) out.description = group.description;
  if (group.agentId !== undefined) out.agentId = group.agentId;
  if (group.appType !== undefined) out.appType = group.appType;
  if (withHosts) {
    const keys = [...(state.hostGroupMembers.get(group.name) ?? [])].sort();
    out.hosts = keys.map((key) => projectHost(state, state.hosts.get(key)!, 'simple'));
  }
  return out;
}

export const hostGroupHandlers: Pick<Handlers<operations, GroundworkState>, 'getHostGroups'> = {
  getHostGroups: (req, { state }) => {
    const { query, first = 0, count } = req.query;
    if (query !== undefined) throw new HttpError(400, 'query is not read yet');
    const groups = [...state.hostGroups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const page = groups.slice(first, count === undefined ? undefined : first + count);
    if (page.length === 0) throw new HttpError(404, 'Host Groups not found');
    const withHosts = parseDepth(req.query.depth) !== 'simple';
    return { status: 200, body: { hostGroups: page.map((g) => projectGroup(state, g, withHosts)) } };
  },
};
