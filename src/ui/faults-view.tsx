/// <reference lib="dom" />
import type { InputHTMLAttributes } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { FaultConfig, FaultRule, Latency } from '../mock/faults.js';

/** Fault injection (`PUT /__admin/faults`, off: `DELETE`) as one rule: error rate, latency, drop rate. */

interface Props {
  faults: FaultConfig | undefined;
  vendors: string[];
  busy: boolean;
  onApply: (config: FaultConfig) => void;
  onOff: () => void;
}

export function describeLatency(l: Latency): string {
  switch (l.kind) {
    case 'fixed':
      return `${l.ms} ms`;
    case 'uniform':
      return `${l.minMs}–${l.maxMs} ms`;
    case 'normal':
      return `~${l.meanMs}±${l.stddevMs} ms`;
  }
}

export function describeRule(rule: FaultRule): string {
  const parts = [
    rule.errorRate ? `errors ${pct(rule.errorRate)}${rule.errorStatus ? ` (${rule.errorStatus})` : ''}` : '',
    rule.latency ? `latency ${describeLatency(rule.latency)}` : '',
    rule.dropRate ? `drops ${pct(rule.dropRate)}` : '',
  ].filter(Boolean);
  const scope = [rule.vendor, rule.operationId].filter(Boolean).join(' ');
  return `${parts.join(', ') || 'no effect'}${scope ? ` on ${scope}` : ''}`;
}

const pct = (rate: number): string => `${Math.round(rate * 1000) / 10}%`;

/** The form's fields, as typed. */
export interface FaultForm {
  errorPct: string;
  errorStatus: string;
  latency: string;
  dropPct: string;
  vendor: string;
}

const percentText = (rate: number | undefined): string => (rate ? String(Math.round(rate * 1000) / 10) : '');

/** The form showing a rule. */
export function formOf(rule: FaultRule | undefined): FaultForm {
  return {
    errorPct: percentText(rule?.errorRate),
    errorStatus: rule?.errorStatus ? String(rule.errorStatus) : '',
    latency: rule?.latency?.kind === 'fixed' ? String(rule.latency.ms) : '',
    dropPct: percentText(rule?.dropRate),
    vendor: rule?.vendor ?? '',
  };
}

function rate(text: string, name: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!(n >= 0 && n <= 100)) throw new Error(`${name} must be a percentage from 0 to 100`);
  return n / 100;
}

/**
 * The rule the form states, or an Error naming the field that is wrong. A latency the form cannot
 * show (uniform, normal: `current`'s) is kept while the latency field is blank.
 */
export function ruleOf(form: FaultForm, current: FaultRule | undefined): FaultRule {
  const next: FaultRule = {};
  const errorRate = rate(form.errorPct, 'Error rate');
  const dropRate = rate(form.dropPct, 'Drop rate');
  if (errorRate) next.errorRate = errorRate;
  if (dropRate) next.dropRate = dropRate;
  if (form.errorStatus.trim()) {
    const status = Number(form.errorStatus);
    if (!(Number.isInteger(status) && status >= 400 && status <= 599)) throw new Error('Error status must be 400–599');
    next.errorStatus = status;
  }
  if (form.latency.trim()) {
    const ms = Number(form.latency);
    if (!(ms >= 0)) throw new Error('Latency must be a number of milliseconds');
    if (ms > 0) next.latency = { kind: 'fixed', ms };
  } else if (current?.latency && current.latency.kind !== 'fixed') next.latency = current.latency;
  if (form.vendor) next.vendor = form.vendor;
  return next;
}

function NumberField({ label, ...input }: { label: string } & InputHTMLAttributes) {
  return (
    <label>
      {label}
      <input type="number" {...input} />
    </label>
  );
}

export function FaultsView({ faults, vendors, busy, onApply, onOff }: Props) {
  const rule = faults?.rules[0];
  const [form, setForm] = useState<FaultForm>(() => formOf(rule));
  const [problem, setProblem] = useState('');
  // The form starts from the rule in force, whoever set it (CLI flags, the API, this page), and
  // follows it when it changes. Only then: the page fetches the faults again after requests, and an
  // answer that says the same (or the first one, arriving after the user typed) must not wipe what
  // was typed - a click on "Turn faults on" then sent a rule with no error rate.
  const ruleInForce = JSON.stringify(rule ?? null);
  useEffect(() => setForm(formOf(rule)), [ruleInForce]);
  // The value is read in the handler: the event's target is gone by the time an update runs.
  const field =
    (key: keyof FaultForm) =>
    (e: { currentTarget: { value: string } }): void => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [key]: value }));
    };

  const submit = (e: Event): void => {
    e.preventDefault();
    try {
      const next = ruleOf(form, rule);
      setProblem('');
      onApply({ enabled: true, seed: faults?.seed ?? 1, rules: [next] });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const enabled = faults?.enabled === true;
  return (
    <section class="card faults" aria-label="Fault injection">
      <form class="fault-form" onSubmit={submit}>
        <h2>Faults</h2>
        <span class={`pill ${enabled ? 'bad' : 'neutral'}`} data-testid="faults-status">
          {enabled ? 'on' : 'off'}
        </span>
        <span class="dim small rules">
          {faults && faults.rules.length > 0 ? faults.rules.map(describeRule).join(' · ') : 'no rules'}
        </span>
        <NumberField
          label="Error rate %"
          min="0"
          max="100"
          step="any"
          inputMode="decimal"
          value={form.errorPct}
          onInput={field('errorPct')}
        />
        <NumberField
          label="Error status"
          min="400"
          max="599"
          placeholder="default"
          title="Blank: the vendor's usual failure status"
          value={form.errorStatus}
          onInput={field('errorStatus')}
        />
        <NumberField
          label="Latency ms"
          min="0"
          step="any"
          value={form.latency}
          placeholder={rule?.latency && rule.latency.kind !== 'fixed' ? describeLatency(rule.latency) : ''}
          onInput={field('latency')}
        />
        <NumberField label="Drop rate %" min="0" max="100" step="any" value={form.dropPct} onInput={field('dropPct')} />
        <label>
          on
          <select value={form.vendor} onChange={field('vendor')} aria-label="Fault vendor">
            <option value="">all vendors</option>
            {vendors.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {enabled ? 'Apply faults' : 'Turn faults on'}
        </button>
        <button type="button" class="ghost" disabled={busy || !enabled} onClick={onOff}>
          Turn faults off
        </button>
        {problem ? <span class="error small">{problem}</span> : null}
      </form>
    </section>
  );
}
