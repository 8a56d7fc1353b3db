import type { components } from '../../generated/polarity.js';
import type { OptionAttributes, PolarityState, StoredError, StoredIntegration } from './state.js';
import { present } from '../../common/present.js';
import { Memo } from '../../common/memo.js';
import { paginate } from './paging.js';

type Schemas = components['schemas'];
type IntegrationModel = Schemas['Integration'];
type ErrorModel = Schemas['IntegrationError'];
type OptionModel = Schemas['IntegrationOption'];
type IntegrationList = Schemas['IntegrationList'];

/** The JSON:API version every document carries (vendor document 003 §Get Integration Errors). */
export const JSONAPI: Schemas['JsonApiObject'] = { version: '1.0' };

// Relationship and self links are server-relative, as the vendor document prints them.
export const integrationPath = (id: string) => `/api/integrations/${id}`;
export const errorsPath = (id: string) => `/api/integration-errors?filter[integration.id]=${id}`;
export const optionsPath = (id: string) => `/api/integration-options?filter[integration.id]=${id}`;
export const errorPath = (integrationId: string, errorId: string) =>
  `/api/integration/${integrationId}/errors/${errorId}`;

/** The list's filters, as the request names them (absent: not filtered). */
export interface ListFilters {
  status: string | undefined;
  withErrors: boolean | undefined;
}

type ListsByOrigin = Map<
  string,
  Map<string | undefined, Map<boolean | undefined, Map<number, Map<number, IntegrationList>>>>
>;

const NONE: readonly number[] = Object.freeze([]);
const MAX_PAGES = 256;

/**
 * The documents the read handlers answer with, derived once per state rather than per request.
 * No handler changes an integration or an error (login touches only `sessions`), and a reset or a
 * loaded dump is a new state object, so a view stays true for as long as its state holds the
 * same two arrays; `viewOf` checks that, and a handler that ever changes either must replace the
 * array it changes. Models are built on first use and frozen, since every response shares them.
 *
 * A loaded dump may repeat an integration id: each stored integration keeps its own model, `byId`
 * finds the first (as a lookup by id always has), and the errors and options of an id are those of
 * every integration carrying it (as filtering by id always has).
 */
export class PolarityView {
  private readonly models: (IntegrationModel | undefined)[] = [];
  private readonly errorModels: (ErrorModel | undefined)[] = [];
  private readonly optionModels: (OptionModel[] | undefined)[] = [];
  /** Positions in `errors`, by the integration they belong to. */
  private readonly errorsById = new Map<string, number[]>();
  /** Positions in `integrations`, by id. */
  private readonly integrationsById = new Map<string, number[]>();
  /** Positions that pass the list filters, by status filter, then errors filter. */
  private readonly matching = new Map<string | undefined, Map<boolean | undefined, number[]>>();
  /**
   * Pages of the list, frozen, by filters and page: the JSON of a frozen array is remembered with it
   * (spec/codec.ts encodeJson), so a page asked again is not joined again from its models' texts.
   * Clients choose page numbers and sizes, so at most MAX_PAGES are kept.
   */
  private readonly pages = new Memo<string, readonly IntegrationModel[]>(MAX_PAGES);
  /**
   * Whole list documents, frozen, by the origin their links carry (they are absolute), then filters
   * and page, a Map for each in turn so that a request builds no key text to find one (spelling and
   * hashing it was a twentieth of a list's own work). The codec remembers a frozen document's text and
   * its UTF-8 bytes, so a list asked again is neither joined nor encoded again (16 KB a page of 20).
   * At most MAX_PAGES, as clients choose pages and Host.
   */
  private readonly lists: ListsByOrigin = new Map();
  private listed = 0;
  private allErrors?: ErrorModel[];
  private allOptions?: OptionModel[];

  constructor(
    readonly integrations: StoredIntegration[],
    readonly errors: StoredError[],
  ) {
    errors.forEach((e, n) => push(this.errorsById, e.attributes['integration-id'], n));
    integrations.forEach((i, n) => push(this.integrationsById, i.id, n));
  }

  /** Positions in `integrations` that pass the list filters, in stored order. */
  filtered(status: string | undefined, withErrors: boolean | undefined): number[] {
    let byErrors = this.matching.get(status);
    if (!byErrors) this.matching.set(status, (byErrors = new Map<boolean | undefined, number[]>()));
    let found = byErrors.get(withErrors);
    if (!found) {
      found = [];
      for (const [n, i] of this.integrations.entries()) {
        if (
          (status === undefined || i.attributes.status === status) &&
          (withErrors === undefined || this.errorsById.has(i.id) === withErrors)
        )
          found.push(n);
      }
      byErrors.set(withErrors, found);
    }
    return found;
  }

  /** The model of the integration at position `n`. */
  readonly integration = (n: number): IntegrationModel => {
    const integration = present(this.integrations[n], `integration ${n}`);
    return (this.models[n] ??= deepFreeze(integrationModel(integration, this.errorsOf(integration.id))));
  };

  /** The models at `positions`: the page of the list that the filters and page number and size select. */
  page(filters: ListFilters, number: number, size: number, positions: number[]): IntegrationModel[] {
    const key = `${filters.status === undefined ? '-' : `=${filters.status}`} ${String(filters.withErrors)} ${number} ${size}`;
    const page = this.pages.get(key) ?? this.pages.set(key, Object.freeze(positions.map(this.integration)));
    // Read-only to every reader: the codec checks that it is frozen before it reuses its text.
    return page as IntegrationModel[];
  }

  /**
   * The list document of a page (`number`, `size`) of the integrations that pass the filters, its
   * links absolute at `origin`: built the first time it is asked for, then the same frozen document.
   */
  list(origin: string, filters: ListFilters, number: number, size: number): IntegrationList {
    let bySize = this.listsAt(origin, filters, number);
    let list = bySize.get(size);
    if (!list) {
      if (this.listed >= MAX_PAGES) {
        this.lists.clear();
        this.listed = 0;
        bySize = this.listsAt(origin, filters, number);
      }
      list = deepFreeze(this.listDocument(origin, filters, number, size));
      bySize.set(size, list);
      this.listed++;
    }
    return list;
  }

  private listsAt(origin: string, { status, withErrors }: ListFilters, number: number): Map<number, IntegrationList> {
    return child(child(child(child(this.lists, origin), status), withErrors), number);
  }

  private listDocument(origin: string, filters: ListFilters, number: number, size: number): IntegrationList {
    const { status, withErrors } = filters;
    const named: Record<string, string> = {};
    if (status !== undefined) named['filter[integration.status]'] = status;
    if (withErrors !== undefined) named['filter[integration.integration-errors]'] = String(withErrors);
    const page = paginate(this.filtered(status, withErrors), number, size, {
      origin,
      path: '/api/integrations',
      filters: named,
    });
    const data = this.page(filters, number, size, page.data);
    return { data, meta: page.meta, links: page.links, jsonapi: JSONAPI };
  }

  /** The model of the first integration with this id. */
  byId(id: string): IntegrationModel | undefined {
    const n = this.integrationsById.get(id)?.[0];
    return n === undefined ? undefined : this.integration(n);
  }

  private errorsOf(integrationId: string): StoredError[] {
    return (this.errorsById.get(integrationId) ?? NONE).map((n) => present(this.errors[n], `error ${n}`));
  }

  private readonly error = (n: number): ErrorModel =>
    (this.errorModels[n] ??= deepFreeze(errorModel(present(this.errors[n], `error ${n}`))));

  /** Every error's model, or those of one integration id. */
  errorModelsOf(integrationId?: string): ErrorModel[] {
    if (integrationId === undefined) return (this.allErrors ??= deepFreeze(this.errors.map((_, n) => this.error(n))));
    return (this.errorsById.get(integrationId) ?? NONE).map(this.error);
  }

  /** The model of the error `errorId` of `integrationId`, if it has one by that id. */
  errorModelOf(integrationId: string, errorId: string): ErrorModel | undefined {
    const n = (this.errorsById.get(integrationId) ?? NONE).find((k) => this.errors[k]?.id === errorId);
    return n === undefined ? undefined : this.error(n);
  }

  private readonly options = (n: number): OptionModel[] => {
    if (this.optionModels[n]) return this.optionModels[n];
    const { id, options } = present(this.integrations[n], `integration ${n}`);
    return (this.optionModels[n] = deepFreeze(options.map((o) => optionModel(id, o))));
  };

  /** Every option's model, or those of one integration id. */
  optionModelsOf(integrationId?: string): OptionModel[] {
    if (integrationId === undefined)
      return (this.allOptions ??= deepFreeze(this.integrations.flatMap((_, n) => this.options(n))));
    return (this.integrationsById.get(integrationId) ?? NONE).flatMap(this.options);
  }
}

const views = new WeakMap<PolarityState, PolarityView>();

export function viewOf(state: PolarityState): PolarityView {
  let view = views.get(state);
  if (!view || view.integrations !== state.integrations || view.errors !== state.errors) {
    view = new PolarityView(state.integrations, state.errors);
    views.set(state, view);
  }
  return view;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The map under `key` in `map`, made (empty) if there was none. */
function child<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let found = map.get(key);
  if (!found) map.set(key, (found = new Map() as V));
  return found;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

function integrationModel(integration: StoredIntegration, errors: StoredError[]): IntegrationModel {
  const { id } = integration;
  return {
    type: 'integrations',
    id,
    attributes: structuredClone(integration.attributes),
    links: { self: integrationPath(id) },
    relationships: {
      'integration-errors': {
        data: errors.map((e) => ({ type: 'integration-errors', id: e.id })),
        links: { self: errorsPath(id) },
      },
      'integration-options': {
        data: integration.options.map((o) => ({ type: 'integration-options', id: optionId(id, o) })),
        links: { self: optionsPath(id) },
      },
    },
  };
}

function errorModel(error: StoredError): ErrorModel {
  const integrationId = error.attributes['integration-id'];
  return {
    type: 'integration-errors',
    id: error.id,
    attributes: structuredClone(error.attributes),
    links: { self: errorPath(integrationId, error.id) },
    relationships: { integration: { data: { id: integrationId, type: 'integrations' } } },
  };
}

const optionId = (integrationId: string, option: OptionAttributes) => `${integrationId}-${String(option.key)}`;

function optionModel(integrationId: string, option: OptionAttributes): OptionModel {
  return { type: 'integration-options', id: optionId(integrationId, option), attributes: structuredClone(option) };
}
