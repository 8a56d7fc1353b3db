import { WeakMemo } from '../../common/weak-memo.js';
import { Memo } from '../../common/memo.js';
import { nextTurn } from '../../core/next-turn.js';
import type { components } from '../../generated/groundwork.js';

export type Results = components['schemas']['Results'];
export type Result = components['schemas']['Result'];

/**
 * The standard operation results. The Biz APIs always print the `warning` counter (§30.3.5); the
 * Host APIs' examples (§2.2.7, §2.3.5) have none, so there it appears only when a result is a warning.
 * An envelope of remembered results (all frozen) is remembered too (rememberedEnvelope).
 */
export function resultsOf(
  entityType: string,
  operation: Results['operation'],
  results: Result[],
  alwaysWarning: boolean,
): Results {
  const kept = keptEnvelope(entityType, operation, results, alwaysWarning);
  if (kept !== undefined) return kept;
  let successful = 0;
  let failed = 0;
  let warning = 0;
  for (const r of results) {
    if (r.status === 'success') successful++;
    else if (r.status === 'failure') failed++;
    else warning++;
  }
  const envelope: Results = {
    successful,
    failed,
    entityType,
    operation,
    ...(alwaysWarning || warning > 0 ? { warning } : {}),
    results,
    count: results.length,
  };
  return rememberedEnvelope(envelope, results, alwaysWarning);
}

/** An envelope remembered, and whether it was asked to print the `warning` counter always. */
interface KeptEnvelope {
  envelope: Results;
  results: readonly Result[];
  alwaysWarning: boolean;
}

/**
 * Envelopes remembered by their first result, at most REMEMBERED_ENVELOPE_RESULTS results' worth
 * since the map was last started afresh (with their text and bytes, some 10 MB at most): a feeder
 * re-sends the same batch every cycle, and its results are the same frozen objects each time
 * (rememberedSuccess, rememberedFailure), so its envelope is the same too. Frozen, encodeJson writes
 * its remembered text and the pipeline its bytes (codec.ts), where the answer was joined from the
 * results' texts and encoded afresh on every request. The envelope is a function of the results
 * compared, element by element, and of the arguments: no state is read, so no write can stale it.
 */
export const REMEMBERED_ENVELOPE_RESULTS = 32_768;
const envelopes = new WeakMemo<Result, KeptEnvelope>(REMEMBERED_ENVELOPE_RESULTS);

function keptEnvelope(
  entityType: string,
  operation: Results['operation'],
  results: readonly Result[],
  alwaysWarning: boolean,
): Results | undefined {
  const first = results[0];
  const kept = first === undefined ? undefined : envelopes.get(first);
  if (
    kept === undefined ||
    kept.alwaysWarning !== alwaysWarning ||
    kept.envelope.entityType !== entityType ||
    kept.envelope.operation !== operation
  ) {
    return undefined;
  }
  const keptResults = kept.results;
  if (keptResults.length !== results.length) return undefined;
  for (let i = 1; i < results.length; i++) if (keptResults[i] !== results[i]) return undefined;
  return kept.envelope;
}

/** The envelope, frozen and remembered when every result is frozen (a remembered one); else as it is. */
function rememberedEnvelope(envelope: Results, results: Result[], alwaysWarning: boolean): Results {
  const first = results[0];
  if (first === undefined || results.length > REMEMBERED_ENVELOPE_RESULTS || !results.every(Object.isFrozen)) {
    return envelope;
  }
  Object.freeze(results);
  Object.freeze(envelope);
  envelopes.set(first, { envelope, results, alwaysWarning }, results.length);
  return envelope;
}

export const success = (entity: string, location: string, message?: string): Result =>
  message === undefined ? { entity, location, status: 'success' } : { entity, location, status: 'success', message };

export const failure = (entity: string, message: string): Result => ({ entity, status: 'failure', message });

/**
 * The entity a failure names when the client's value may not be a name at all (a batch entity
 * that breaks its schema): the value when it is a non-empty string, else the server's stand-in
 * (`unknown host`, `(Unknown)`).
 */
export function entityName(value: unknown, otherwise: string): string {
  return typeof value === 'string' && value !== '' ? value : otherwise;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The ASCII characters encodeURIComponent leaves as they are, by code. */
const UNRESERVED = new Uint8Array(128).map((_, code) =>
  Number(encodeURIComponent(String.fromCharCode(code)).length === 1),
);

/**
 * Percent-encodes a name for a URL. JSON can carry a lone UTF-16 surrogate (`"\ud800"`), which
 * encodeURIComponent refuses with a URIError; like any UTF-8 writer, the link spells it U+FFFD.
 * A feeder batch encodes every name it touches, and most need no encoding: those come back as they
 * are, without the regex and encodeURIComponent.
 */
function encodeName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 128 || UNRESERVED[code] === 0) return encodeURIComponent(name.replace(LONE_SURROGATE, '\ufffd'));
  }
  return name;
}

/**
 * Where to GET a host or service on this server. `base` is the server's URL as the client addressed
 * it (with `/foundation-webapp` when the client came that way). The vendor builds a service's link
 * with JAX-RS `UriBuilder.path("/services/" + name + "?hostName=" + host)`, and `path()` encodes the
 * `?`: the link reads `.../api/services/local_cpu_httpd%3FhostName=host6` (001 §30.3.5, §30.4.5).
 */
export const hostLocation = (base: string, hostName: string): string => `${base}/api/hosts/${encodeName(hostName)}`;

/** A service's entity in a results envelope, as the server's BizResource and connectors spell it: `host:service`. */
export const serviceEntity = (host: string, service: string): string => `${host}:${service}`;

export const serviceLocation = (base: string, hostName: string, service: string): string =>
  `${base}/api/services/${encodeName(service)}%3FhostName=${encodeName(hostName)}`;

/** One entity's success result as last answered, and what it was built from. */
interface Remembered {
  base: string;
  hostName: string;
  service: string | undefined;
  message: string;
  result: Result;
}

/**
 * The success results remembered, at most REMEMBERED_SUCCESSES records' since the map was last
 * started afresh: each costs ~670 bytes (the result, its strings and its JSON text), so a feeder
 * cycling through a 100k-host estate's 1.1 million records would otherwise hold some 700 MB beside
 * the estate (issue 19's 600 MB for 100k hosts). A cycle of up to ~3,000 hosts with their services
 * stays within it and keeps its answers' text.
 */
export const REMEMBERED_SUCCESSES = 32_768;
const remembered = new WeakMemo<object, Remembered>(REMEMBERED_SUCCESSES);

/**
 * A success result kept per state record (a host's or a service's) and handed out again while its
 * base URL, names and message are the same: a feeder re-sends the same hosts every cycle, and a
 * batch of 10 hosts built 30 results, their entity and location strings, and then stringified them,
 * each time. The result is frozen, so that encodeJson writes its remembered text (codec.ts), and so
 * that no later reader can change what another answer carries.
 */
function rememberedSuccess(
  record: object,
  base: string,
  hostName: string,
  service: string | undefined,
  message: string,
): Result {
  const kept = remembered.get(record);
  if (
    kept !== undefined &&
    kept.message === message &&
    kept.hostName === hostName &&
    kept.service === service &&
    kept.base === base
  ) {
    return kept.result;
  }
  const result = Object.freeze(
    service === undefined
      ? success(hostName, hostLocation(base, hostName), message)
      : success(serviceEntity(hostName, service), serviceLocation(base, hostName, service), message),
  );
  remembered.set(record, { base, hostName, service, message, result });
  return result;
}

/** `success(host.hostName, hostLocation(base, host.hostName), message)`, remembered per host record. */
export const hostSuccess = (host: object, base: string, hostName: string, message: string): Result =>
  rememberedSuccess(host, base, hostName, undefined, message);

/** A service's success (entity `host:service`, its location), remembered per service record. */
export const serviceSuccess = (
  service: object,
  base: string,
  hostName: string,
  serviceName: string,
  message: string,
): Result => rememberedSuccess(service, base, hostName, serviceName, message);

/** Longer texts are not remembered: a refused entity's message may list many issues. */
const REMEMBERED_TEXT = 512;
/** Failures remembered (rememberedFailure), by entity: the last one answered for it. */
const failures = new Memo<string, Result>(1024);

/**
 * `failure(entity, message)`, the same frozen result while the entity is refused for the same
 * reason (the latest 1024 entities: at most some 2 MB of text with their JSON): a feeder that sends
 * a bad batch sends it again every cycle, and a batch of 10 refused hosts answered 30 failures whose
 * messages, quoted field names and all, JSON.stringify escaped on every request. Frozen, encodeJson
 * writes their remembered text. Looked up by the entity's name and the message compared: a Map keyed
 * by the message hashed each fresh 300-character text, which cost as much as the escaping it spared.
 */
export function rememberedFailure(entity: string, message: string): Result {
  if (message.length > REMEMBERED_TEXT || entity.length > REMEMBERED_TEXT) return failure(entity, message);
  const known = failures.get(entity);
  if (known?.message === message) return known;
  return failures.set(entity, Object.freeze(failure(entity, message)));
}

/** What a batch upsert (POST /api/hosts, POST /api/services) is given: its entities and how to apply them. */
export interface Upsert<T> {
  entities: T[];
  /** `?async=true`: queued, as the server's AsyncRestProcessor does. */
  async: boolean | undefined;
  /** The results' entityType: `Host` (`Host Async` when queued), `ServiceStatus` (`Service Async`). */
  entityType: string;
  asyncEntityType: string;
  apply: (entities: T[], date: Date) => Result[];
  now: () => Date;
  changed: () => void;
}

/**
 * Applies a batch at once and answers its results, or, asked for `async`, answers the job at once
 * and applies a copy of the batch on the next turn of the event loop, each entity succeeding or
 * failing on its own as in a synchronous batch (GWT collagerest-server/.../resources/HostResource.java,
 * upsertHosts; ServiceResource likewise).
 */
export function upsertEntities<T>(upsert: Upsert<T>): Results {
  const { apply, now, changed } = upsert;
  if (upsert.async) {
    const entities = structuredClone(upsert.entities);
    nextTurn(() => {
      apply(entities, now());
      changed();
    });
    const job = String(now().getTime());
    return resultsOf(
      upsert.asyncEntityType,
      'Update',
      [{ entity: job, status: 'success', message: `Job ${job} submitted` }],
      false,
    );
  }
  const results = apply(upsert.entities, now());
  changed();
  return resultsOf(upsert.entityType, 'Update', results, false);
}
