import type { components } from '../../generated/polarity.js';

type Schemas = components['schemas'];
export type IntegrationAttributes = Schemas['IntegrationAttributes'];
export type ErrorAttributes = Schemas['IntegrationErrorAttributes'];
export type OptionAttributes = Schemas['IntegrationOption']['attributes'];

/** An installed integration; its errors live in `errors` and point back by `integration-id`. */
export interface StoredIntegration {
  id: string;
  attributes: IntegrationAttributes;
  /** Keyed by option key; the option's id is `<integration id>-<key>`. */
  options: OptionAttributes[];
}

export interface StoredError {
  id: string;
  attributes: ErrorAttributes;
}

/** A bearer token handed out by `POST /api/users/login`. */
export interface Session {
  token: string;
  user: string;
  /** Unix epoch seconds, as `expiration_time` says it. */
  expires: number;
}

/** Who may log in, from the vendor options: handlers see no options, so the state carries them. */
export interface LoginConfig {
  user: string;
  password: string;
  tokenTtlSeconds: number;
  /** Live login tokens at most; the oldest goes first. */
  maxSessions: number;
}

export interface PolarityDump {
  integrations: StoredIntegration[];
  errors: StoredError[];
  sessions: Session[];
}

/**
 * The dump less its configuration, but sessions by token: a bearer request finds its session at once
 * (a list searched on every request would grow with the logins: `npm run bench:soak` logs in throughout), and, all living equally
 * long, they are in the order they expire.
 */
export interface PolarityState extends Omit<PolarityDump, 'sessions'> {
  sessions: Map<string, Session>;
  config: LoginConfig;
}

export function dump({ integrations, errors, sessions }: PolarityState): PolarityDump {
  return structuredClone({ integrations, errors, sessions: [...sessions.values()] });
}

export function load(value: unknown, config: LoginConfig): PolarityState {
  const d = value as Partial<PolarityDump> | null;
  if (!d || !Array.isArray(d.integrations) || !Array.isArray(d.errors)) {
    throw new Error('polarity state must be {integrations: [...], errors: [...], sessions?: [...]}');
  }
  /* eslint-disable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-type-conversion --
     a state file is read as the dump's type and checked here: these conditions are the check. */
  for (const i of d.integrations) {
    if (
      typeof i?.id !== 'string' ||
      typeof i.attributes?.name !== 'string' ||
      !['running', 'stopped'].includes(i.attributes.status)
    ) {
      throw new Error(
        'polarity state: every integration needs a string id, attributes.name and attributes.status running|stopped',
      );
    }
    if (!Array.isArray(i.options)) throw new Error(`polarity state: integration ${i.id} needs an options array`);
  }
  const ids = new Set(d.integrations.map((i) => i.id));
  for (const e of d.errors) {
    if (typeof e?.id !== 'string' || !ids.has(e.attributes?.['integration-id'])) {
      throw new Error(`polarity state: error ${String(e?.id)} needs a string id and the id of a known integration`);
    }
  }
  /* eslint-enable @typescript-eslint/no-unnecessary-condition, @typescript-eslint/no-unnecessary-type-conversion */
  const listed: Session[] = [];
  for (const s of Array.isArray(d.sessions) ? d.sessions : []) {
    // A state file's entry, checked here.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (typeof s?.token !== 'string' || typeof s.user !== 'string' || !Number.isSafeInteger(s.expires)) {
      throw new Error(
        'polarity state: every session needs a string token and user and an integer expires (Unix seconds)',
      );
    }
    listed.push({ token: s.token, user: s.user, expires: s.expires });
  }
  // In the order they expire, which the sweep at each login relies on (a file may list them otherwise).
  const sessions = new Map(listed.sort((a, b) => a.expires - b.expires).map((s) => [s.token, s] as const));
  return { ...structuredClone({ integrations: d.integrations, errors: d.errors }), sessions, config };
}
