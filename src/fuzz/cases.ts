import {
  NEGATIVE_KINDS,
  invalidDraft,
  kindApplies,
  validDraft,
  type GenerationContext,
  type NegativeKind,
} from './generate.js';
import type { CaseKind, FuzzFacts } from './types.js';
import type { Lifecycle, LifecycleVars } from './lifecycle-types.js';
import { withoutHeader, type Draft } from './model.js';
import type { OperationModel, VendorModel } from './model-types.js';
import { mixSeed, Rng } from './random.js';
import { cyclic } from '../common/present.js';

/**
 * What each fuzz case is, and which case comes when. Case `i` is a pure function of the seed and
 * `i`: a coverage round first (for every operation a valid request, a replay without and with wrong
 * credentials, a request missing a required header, an undocumented method on its path, one
 * invalid request; then every use-after-free lifecycle once), then cases drawn by weight, round
 * robin over the operations of every vendor, with a lifecycle every LIFECYCLE_EVERY cases.
 */

export const CASE_KINDS: readonly CaseKind[] = [
  'valid',
  ...NEGATIVE_KINDS,
  'no-credentials',
  'bad-credentials',
  'missing-header',
  'unsupported-method',
  'use-after-free',
];

/** The kinds `--kinds invalid` stands for: requests the spec refuses, sent with valid credentials. */
export const INVALID_KINDS: readonly CaseKind[] = NEGATIVE_KINDS;

/** How the credentials are sent: as they should be, not at all, wrong, or with one header left out. */
export type AuthMode = 'valid' | 'none' | 'bad' | { drop: string };

/** A single request; what it knows of itself is what the checks are told (FuzzFacts). */
export interface SimpleCase extends Pick<
  FuzzFacts,
  'description' | 'valid' | 'reasons' | 'protocolStatuses' | 'documentedMethods' | 'droppedHeader'
> {
  index: number;
  kind: Exclude<CaseKind, 'use-after-free'>;
  model: OperationModel;
  draft: Draft;
  auth: AuthMode;
}

export interface LifecycleCase {
  index: number;
  kind: 'use-after-free';
  vendor: VendorModel;
  lifecycle: Lifecycle;
  vars: LifecycleVars;
  description: string;
}

export type FuzzCase = SimpleCase | LifecycleCase;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const;
const LIFECYCLE_EVERY = 20;

const NEGATIVE_WEIGHTS: Record<NegativeKind, number> = {
  'wrong-type': 6,
  'missing-required': 6,
  'out-of-range': 5,
  'out-of-enum': 5,
  'unknown-field': 5,
  'broken-json': 4,
  'broken-xml': 4,
  'wrong-content-type': 3,
  oversized: 1,
};

export function undocumentedMethods(model: OperationModel): string[] {
  return METHODS.filter((m) => !model.pathMethods.includes(m));
}

function missingHeaderTargets(model: OperationModel): Array<{ name: string; credential: boolean }> {
  const out: Array<{ name: string; credential: boolean }> = [];
  // A single credential header missing is "no credentials" (ignored_auth); one of several is this check's.
  if (model.credentialHeaders.length >= 2)
    for (const name of model.credentialHeaders) out.push({ name, credential: true });
  for (const p of model.headerParams) if (p.required) out.push({ name: p.name, credential: false });
  return out;
}

function applicable(model: OperationModel, kind: CaseKind): boolean {
  switch (kind) {
    case 'valid':
      return true;
    case 'no-credentials':
    case 'bad-credentials':
      return model.secured;
    case 'missing-header':
      return missingHeaderTargets(model).length > 0;
    case 'unsupported-method':
      return undocumentedMethods(model).length > 0;
    case 'use-after-free':
      return false;
    default:
      return kindApplies(kind, model);
  }
}

type Slot = { model: OperationModel; kind: CaseKind | 'negative' } | { lifecycle: Lifecycle; vendor: VendorModel };

export interface PlannerOptions {
  seed: number;
  vendors: VendorModel[];
  lifecycles: Array<{ lifecycle: Lifecycle; vendor: VendorModel }>;
  generation: GenerationContext;
  /** Only these kinds (default: all). */
  kinds?: readonly CaseKind[];
}

export class Planner {
  private readonly models: OperationModel[];
  private readonly coverage: Slot[] = [];
  private readonly allowed: Set<CaseKind>;
  private readonly lifecycles: PlannerOptions['lifecycles'];

  constructor(private readonly options: PlannerOptions) {
    this.allowed = new Set(options.kinds ?? CASE_KINDS);
    this.lifecycles = this.allowed.has('use-after-free') ? options.lifecycles : [];
    // Round robin across vendors, so a short run still reaches every vendor.
    const lists = options.vendors.map((v) => v.operations);
    const interleaved: OperationModel[] = [];
    for (let i = 0; i < Math.max(0, ...lists.map((l) => l.length)); i++)
      for (const list of lists) {
        const model = list[i];
        if (model) interleaved.push(model);
      }
    this.models = interleaved.filter((m) => this.kindsFor(m).length > 0);
    const seenPaths = new Set<string>();
    for (const model of this.models) {
      for (const kind of ['valid', 'no-credentials', 'bad-credentials', 'missing-header'] as const) {
        if (this.allowed.has(kind) && applicable(model, kind)) this.coverage.push({ model, kind });
      }
      const pathKey = `${model.vendor.vendor} ${model.op.path}`;
      if (
        this.allowed.has('unsupported-method') &&
        applicable(model, 'unsupported-method') &&
        !seenPaths.has(pathKey)
      ) {
        this.coverage.push({ model, kind: 'unsupported-method' });
      }
      seenPaths.add(pathKey);
      if (this.negativeKinds(model).length > 0) this.coverage.push({ model, kind: 'negative' });
    }
    for (const entry of this.lifecycles) this.coverage.push(entry);
  }

  /** Cases in the coverage round. */
  get coverageSize(): number {
    return this.coverage.length;
  }

  get operationCount(): number {
    return this.models.length;
  }

  private negativeKinds(model: OperationModel): NegativeKind[] {
    return NEGATIVE_KINDS.filter((k) => this.allowed.has(k) && kindApplies(k, model));
  }

  private kindsFor(model: OperationModel): Array<readonly [CaseKind, number]> {
    const out: Array<readonly [CaseKind, number]> = [];
    const add = (kind: CaseKind, weight: number) => {
      if (this.allowed.has(kind) && applicable(model, kind)) out.push([kind, weight]);
    };
    add('valid', 40);
    for (const kind of NEGATIVE_KINDS) add(kind, NEGATIVE_WEIGHTS[kind]);
    add('no-credentials', 4);
    add('bad-credentials', 4);
    add('missing-header', 2);
    add('unsupported-method', 2);
    return out;
  }

  private slotAt(i: number, rng: Rng): Slot | undefined {
    if (i < this.coverage.length) return this.coverage[i];
    const j = i - this.coverage.length;
    if (this.lifecycles.length > 0 && j % LIFECYCLE_EVERY === LIFECYCLE_EVERY - 1) {
      return this.lifecycles[Math.floor(j / LIFECYCLE_EVERY) % this.lifecycles.length];
    }
    if (this.models.length === 0) return undefined;
    const model = cyclic(this.models, j);
    return { model, kind: rng.weighted(this.kindsFor(model)) };
  }

  /** Case `i`, or undefined when nothing could be generated for its slot. */
  caseAt(i: number): FuzzCase | undefined {
    const rng = new Rng(mixSeed(this.options.seed, i));
    const slot = this.slotAt(i, rng);
    if (!slot) return undefined;
    if ('lifecycle' in slot) {
      return {
        index: i,
        kind: 'use-after-free',
        vendor: slot.vendor,
        lifecycle: slot.lifecycle,
        vars: slot.lifecycle.vars(rng),
        description: slot.lifecycle.description,
      };
    }
    return this.build(i, slot.model, slot.kind, rng);
  }

  private build(index: number, model: OperationModel, kindIn: CaseKind | 'negative', rng: Rng): SimpleCase | undefined {
    const ctx = this.options.generation;
    const base = validDraft(model, rng, ctx);
    if (!base) return undefined;
    const simple = (
      kind: SimpleCase['kind'],
      draft: Draft,
      auth: AuthMode,
      description: string,
      extra: Partial<SimpleCase> = {},
    ): SimpleCase => ({
      index,
      kind,
      model,
      draft,
      auth,
      description,
      ...extra,
    });
    const bodyNote = base.body ? ` (${base.body.mediaType})` : '';
    switch (kindIn) {
      case 'valid':
        return simple('valid', base, 'valid', `valid request${bodyNote}`, { valid: true });
      case 'no-credentials':
        return simple('no-credentials', base, 'none', `valid request without credentials`, { valid: true });
      case 'bad-credentials':
        return simple('bad-credentials', base, 'bad', `valid request with wrong credentials`, { valid: true });
      case 'missing-header': {
        const target = rng.pick(missingHeaderTargets(model));
        const draft = target.credential ? base : { ...base, headers: withoutHeader(base.headers, target.name) };
        return simple(
          'missing-header',
          draft,
          target.credential ? { drop: target.name } : 'valid',
          `valid request without header ${target.name}`,
          { droppedHeader: target },
        );
      }
      case 'unsupported-method': {
        const sent = rng.pick(undocumentedMethods(model));
        const draft: Draft = {
          method: sent,
          path: base.path,
          query: {},
          headers: base.headers.Accept ? { Accept: base.headers.Accept } : {},
        };
        return simple(
          'unsupported-method',
          draft,
          'valid',
          `${sent} on ${model.op.path} (documented: ${model.pathMethods.join(', ')})`,
          {
            documentedMethods: model.pathMethods,
          },
        );
      }
      default: {
        const first =
          kindIn === 'negative'
            ? rng.weighted(this.negativeKinds(model).map((k) => [k, NEGATIVE_WEIGHTS[k]] as const))
            : kindIn;
        if (first === 'use-after-free') return undefined;
        // A kind the operation cannot be broken by this time falls back to the others, in a seeded order.
        const order: NegativeKind[] = [first];
        const rest = this.negativeKinds(model).filter((k) => k !== first);
        while (rest.length > 0) {
          const next = rng.weighted(rest.map((k) => [k, NEGATIVE_WEIGHTS[k]] as const));
          order.push(next);
          rest.splice(rest.indexOf(next), 1);
        }
        for (const kind of order) {
          const invalid = invalidDraft(kind, model, base, rng, ctx);
          if (invalid) {
            const protocolStatuses = [
              ...new Set([...(invalid.protocolStatuses ?? []), ...invalid.verdict.protocolStatuses]),
            ];
            return simple(kind, invalid.draft, 'valid', invalid.description, {
              valid: false,
              reasons: invalid.verdict.reasons,
              ...(protocolStatuses.length > 0 ? { protocolStatuses } : {}),
            });
          }
        }
        return this.allowed.has('valid')
          ? simple('valid', base, 'valid', `valid request${bodyNote}`, { valid: true })
          : undefined;
      }
    }
  }
}
