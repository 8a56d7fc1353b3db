import type { components } from '../../generated/boomi.js';
import { HttpError } from '../../mock/errors.js';
import type { BoomiState, Listener, Status } from './state.js';

type Request = components['schemas']['ChangeListenerStatusRequest'];

/**
 * The status each action leaves: pause → paused; resume → listening, for a paused listener only;
 * restart → listening at once, with no intermediate status a query could see.
 */
const NEXT: Record<'pause' | 'resume' | 'restart', (status: Status) => Status> = {
  pause: () => 'paused',
  resume: (status) => (status === 'paused' ? 'listening' : status),
  restart: () => 'listening',
};

/** Applies an accepted change; everything is checked before anything changes. */
export function changeListenerStatus(state: BoomiState, { action, containerId, listenerId }: Request): void {
  if (!state.containers.includes(containerId)) {
    throw new HttpError(400, `containerId ${containerId} is not a Runtime of account ${state.config.accountId}.`);
  }
  const all = action.endsWith('_all');
  if (all && listenerId !== undefined) {
    throw new HttpError(400, `listenerId must be omitted with ${action}, which changes every listener of the container.`);
  }
  const onContainer = state.listeners.filter((l) => l.containerId === containerId);
  let targets: Listener[] = onContainer;
  if (!all) {
    targets = onContainer.filter((l) => l.listenerId === listenerId);
    if (targets.length === 0) throw new HttpError(400, `listenerId ${String(listenerId)} is not deployed to container ${containerId}.`);
  }
  const next = NEXT[action.replace(/_all$/, '') as keyof typeof NEXT];
  for (const listener of targets) listener.status = next(listener.status);
}
