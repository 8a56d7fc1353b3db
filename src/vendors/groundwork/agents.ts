import type { operations } from '../../generated/groundwork.js';
import type { Handlers } from '../../mock/types.js';
import { resultsOf, type Result } from './results.js';
import { removeHostGroup, removeHosts, sortedHosts, type GroundworkState, type HostRecord } from './state.js';

/**
 * DELETE /api/agents/{agentId}, as GroundWork 7's AgentResource does it: the agent's hosts, then
 * its host groups, then its services on hosts it does not own (silently). Nothing of another
 * agent goes.
 */
export const agentHandlers: Pick<Handlers<operations, GroundworkState>, 'deleteAgent'> = {
  deleteAgent: (req, { state, changed }) => {
    const { agentId } = req.path;
    const results: Result[] = [];
    const doomed: HostRecord[] = [];
    for (const host of sortedHosts(state)) {
      if (host.agentId === agentId) doomed.push(host);
      else
        for (const service of [...host.services.values()])
          if (service.agentId === agentId) host.services.delete(service.description);
    }
    for (const host of doomed) results.push({ entity: host.hostName, status: 'success', message: 'Host deleted.' });
    removeHosts(state, doomed);
    for (const group of [...state.hostGroups.values()]) {
      if (group.agentId !== agentId) continue;
      removeHostGroup(state, group.name);
      results.push({ entity: group.name, status: 'success', message: 'Host Group deleted.' });
    }
    changed();
    return { status: 200, body: resultsOf('Agent', 'Delete', results, false) };
  },
};
