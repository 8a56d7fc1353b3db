/**
 * Fault injection for users' own resilience tests: latency, the vendor's own failure, dropped
 * connections. Off by default; set by CLI flags, `PUT /__admin/faults`, or per request with a
 * `Prefer` header (as Prism does for examples): `Prefer: code=503`, `latency=250`, `drop`.
 */
import { Rng } from '../common/random.js';

export type Latency =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stddevMs: number };

export interface FaultRule {
  /** Limit the rule to a vendor and/or an operationId; neither means every request. */
  vendor?: string;
  operationId?: string;
  latency?: Latency;
  /** Probability (0..1) of answering with the vendor's own failure instead of the real answer. */
  errorRate?: number;
  /** Which failure status to answer (default: the vendor's usual one, its descriptor's `failureStatus`). */
  errorStatus?: number;
  /** Probability (0..1) of dropping the connection without an answer. */
  dropRate?: number;
}

export interface FaultConfig {
  enabled: boolean;
  /** Seed of the random choices, so a run can be repeated. */
  seed: number;
  rules: FaultRule[];
}

export type FaultDecision = {
  latencyMs: number;
  status?: number;
  drop: boolean;
  label?: string;
  /** What of the request's `Prefer` header was applied, for its `Preference-Applied` answer (RFC 7240). */
  preferenceApplied?: string;
};

/**
 * No request waits longer than this for injected latency, whatever `Prefer: latency=` or the rules
 * ask: a minute is past any client timeout worth testing, and a request cannot hold its connection
 * for a day (`Prefer: latency=99999999`).
 */
export const MAX_INJECTED_LATENCY_MS = 60_000;

export const NO_FAULTS: FaultConfig = { enabled: false, seed: 1, rules: [] };

export class Faults {
  private config: FaultConfig = NO_FAULTS;
  private random = new Rng(1);

  get current(): FaultConfig {
    return this.config;
  }

  set(config: FaultConfig): void {
    this.config = config;
    this.random = new Rng(config.seed);
  }

  private sampleLatency(latency: Latency | undefined): number {
    if (!latency) return 0;
    switch (latency.kind) {
      case 'fixed':
        return latency.ms;
      case 'uniform':
        return latency.minMs + this.random.next() * (latency.maxMs - latency.minMs);
      case 'normal': {
        // Box–Muller; negative samples are clamped to 0.
        const u = 1 - this.random.next();
        const v = this.random.next();
        return Math.max(0, latency.meanMs + latency.stddevMs * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
      }
    }
  }

  /**
   * What to do to this request: rules that match it, then the request's own `Prefer` header.
   * `failureStatus` is how the vendor fails when it fails (GroundWork 500, Boomi 503, ...).
   */
  decide(
    vendor: string,
    operationId: string,
    prefer: string | undefined,
    failureStatus: number,
  ): FaultDecision | undefined {
    // The usual case, faults off and no Prefer header, decides nothing and allocates nothing.
    if (!prefer && (!this.config.enabled || this.config.rules.length === 0)) return undefined;
    const decision: FaultDecision = { latencyMs: 0, drop: false };
    if (this.config.enabled) {
      for (const rule of this.config.rules) {
        if (rule.vendor && rule.vendor !== vendor) continue;
        if (rule.operationId && rule.operationId !== operationId) continue;
        decision.latencyMs += this.sampleLatency(rule.latency);
        if (rule.dropRate && this.random.next() < rule.dropRate) decision.drop = true;
        if (rule.errorRate && this.random.next() < rule.errorRate) decision.status = rule.errorStatus ?? failureStatus;
      }
    }
    const applied = prefer ? applyPrefer(decision, prefer, failureStatus) : [];
    decision.latencyMs = Math.min(decision.latencyMs, MAX_INJECTED_LATENCY_MS);
    if (applied.length > 0) decision.preferenceApplied = applied.join(', ');
    const parts = [
      decision.latencyMs > 0 ? `latency ${Math.round(decision.latencyMs)}ms` : '',
      decision.status ? `status ${decision.status}` : '',
      decision.drop ? 'drop' : '',
    ].filter(Boolean);
    if (parts.length === 0) return undefined;
    return { ...decision, label: parts.join(', ') };
  }
}

/**
 * `Prefer: code=503, latency=250, drop` — `code` as in Prism, `status` accepted as a synonym.
 * Returns the preferences applied, as `Preference-Applied` spells them.
 */
function applyPrefer(decision: FaultDecision, header: string, failureStatus: number): string[] {
  const applied: string[] = [];
  for (const part of header.split(/[,;]/)) {
    const [rawKey, rawValue] = part.split('=').map((s) => s.trim());
    const key = rawKey?.toLowerCase();
    if (key === 'code' || key === 'status') {
      const status = Number(rawValue);
      if (Number.isInteger(status) && status >= 400 && status <= 599) decision.status = status;
      else if (rawValue === 'failure') decision.status = failureStatus;
      else continue;
      applied.push(`${key}=${decision.status}`);
    } else if (key === 'latency') {
      const ms = Number(rawValue);
      if (!(Number.isFinite(ms) && ms >= 0)) continue;
      decision.latencyMs += ms;
      applied.push(`latency=${Math.min(ms, MAX_INJECTED_LATENCY_MS)}`);
    } else if (key === 'drop') {
      decision.drop = rawValue === undefined || rawValue === 'true';
    }
  }
  return applied;
}

/** Reads `--latency 100`, `--latency uniform:50-200`, `--latency normal:100,20`. */
export function parseLatency(text: string): Latency {
  const fixed = /^(\d+(?:\.\d+)?)$/.exec(text);
  if (fixed) return { kind: 'fixed', ms: Number(fixed[1]) };
  const uniform = /^uniform:(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
  if (uniform && Number(uniform[1]) <= Number(uniform[2]))
    return { kind: 'uniform', minMs: Number(uniform[1]), maxMs: Number(uniform[2]) };
  const normal = /^normal:(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(text);
  if (normal) return { kind: 'normal', meanMs: Number(normal[1]), stddevMs: Number(normal[2]) };
  throw new Error(`latency '${text}': write 100 (fixed ms), uniform:50-200 or normal:100,20`);
}

/** Checks a FaultConfig from `PUT /__admin/faults`, naming what is wrong. */
export function parseFaultConfig(value: unknown): FaultConfig {
  const v = value as Partial<FaultConfig> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new Error('faults must be an object {enabled, seed?, rules: [...]}');
  const rules = v.rules ?? [];
  if (!Array.isArray(rules)) throw new Error("'rules' must be a list");
  rules.forEach((rule, i) => {
    for (const key of ['errorRate', 'dropRate'] as const) {
      const rate = rule[key];
      if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate <= 1))
        throw new Error(`rules[${i}].${key} must be a number from 0 to 1`);
    }
    if (
      rule.errorStatus !== undefined &&
      !(Number.isInteger(rule.errorStatus) && rule.errorStatus >= 400 && rule.errorStatus <= 599)
    ) {
      throw new Error(`rules[${i}].errorStatus must be an HTTP error status (400-599)`);
    }
    const l = rule.latency;
    if (l !== undefined) {
      const ok =
        (l.kind === 'fixed' && l.ms >= 0) ||
        (l.kind === 'uniform' && l.minMs >= 0 && l.maxMs >= l.minMs) ||
        (l.kind === 'normal' && l.meanMs >= 0 && l.stddevMs >= 0);
      if (!ok)
        throw new Error(
          `rules[${i}].latency must be {kind: fixed, ms} | {kind: uniform, minMs, maxMs} | {kind: normal, meanMs, stddevMs}`,
        );
    }
  });
  return {
    enabled: v.enabled !== false,
    seed: typeof v.seed === 'number' && Number.isInteger(v.seed) ? v.seed : 1,
    rules,
  };
}
