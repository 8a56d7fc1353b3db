import type { components } from '../../generated/boomi.js';
import { HttpError } from '../../mock/errors.js';
import type { BoomiState, Listener, Status } from './state.js';

type Body = components['schemas']['ChangeListenerStatusBody'];
type Request = components['schemas']['ChangeListenerStatusRequest'];

const FIELDS = ['action', 'containerId', 'listenerId'] as const;

/**
 * The request a body carries: its fields, or the request in the `ChangeListenerStatusRequest`
 * wrapper of Boomi's published sample, whose fields may stand beside it too (the spec's
 * `ChangeListenerStatusBody`). A field given both ways must agree: which one the platform acts on
 * is not documented, so a contradiction is refused rather than resolved by a guess. `@type` is not
 * carried over: it is accepted and ignored.
 */
export function requestOf(body: Body): Request {
  const { ChangeListenerStatusRequest: wrapped, '@type': _type, ...fields } = body;
  // Without the wrapper the spec requires action and containerId, so validation has ensured them.
  if (!wrapped) return fields as Request;
  const issues = FIELDS.filter((name) => fields[name] !== undefined && fields[name] !== wrapped[name]).map((name) => ({
    in: 'body' as const,
    field: name,
    pointer: `/${name}`,
    message: `(${JSON.stringify(fields[name])}) disagrees with 'ChangeListenerStatusRequest.${name}' (${JSON.stringify(wrapped[name] ?? null)})`,
  }));
  if (issues.length > 0)
    throw new HttpError(400, 'the request and its ChangeListenerStatusRequest wrapper disagree', { issues });
  const { '@type': _wrappedType, ...request } = wrapped;
  return request;
}

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
    throw new HttpError(
      400,
      `listenerId must be omitted with ${action}, which changes every listener of the container.`,
    );
  }
  const onContainer = state.listeners.filter((l) => l.containerId === containerId);
  let targets: Listener[] = onContainer;
  if (!all) {
    targets = onContainer.filter((l) => l.listenerId === listenerId);
    if (targets.length === 0)
      throw new HttpError(400, `listenerId ${String(listenerId)} is not deployed to container ${containerId}.`);
  }
  const next = NEXT[action.replace(/_all$/, '') as keyof typeof NEXT];
  for (const listener of targets) listener.status = next(listener.status);
}
