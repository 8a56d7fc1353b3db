/// <reference lib="dom" />
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

export function FaultsView({ faults, vendors, busy, onApply, onOff }: Props) {
  const rule = faults?.rules[0];
  const [errorPct, setErrorPct] = useState('');
  const [errorStatus, setErrorStatus] = useState('');
  const [latency, setLatency] = useState('');
  const [dropPct, setDropPct] = useState('');
  const [vendor, setVendor] = useState('');
  const [problem, setProblem] = useState('');

  // The form starts from the rule in force, whoever set it (CLI flags, the API, this page), and
  // follows it when it changes. Only then: the page fetches the faults again after requests, and an
  // answer that says the same (or the first one, arriving after the user typed) must not wipe what
  // was typed - a click on "Turn faults on" then sent a rule with no error rate.
  const ruleInForce = JSON.stringify(rule ?? null);
  useEffect(() => {
    setErrorPct(rule?.errorRate ? String(Math.round(rule.errorRate * 1000) / 10) : '');
    setErrorStatus(rule?.errorStatus ? String(rule.errorStatus) : '');
    setLatency(rule?.latency?.kind === 'fixed' ? String(rule.latency.ms) : '');
    setDropPct(rule?.dropRate ? String(Math.round(rule.dropRate * 1000) / 10) : '');
    setVendor(rule?.vendor ?? '');
  }, [ruleInForce]);

  const submit = (e: Event): void => {
    e.preventDefault();
    const rate = (text: string, name: string): number | undefined => {
      if (text.trim() === '') return undefined;
      const n = Number(text);
      if (!(n >= 0 && n <= 100)) throw new Error(`${name} must be a percentage from 0 to 100`);
      return n / 100;
    };
    try {
      const next: FaultRule = {};
      const errorRate = rate(errorPct, 'Error rate');
      const dropRate = rate(dropPct, 'Drop rate');
      if (errorRate) next.errorRate = errorRate;
      if (dropRate) next.dropRate = dropRate;
      if (errorStatus.trim()) {
        const status = Number(errorStatus);
        if (!(Number.isInteger(status) && status >= 400 && status <= 599))
          throw new Error('Error status must be 400–599');
        next.errorStatus = status;
      }
      if (latency.trim()) {
        const ms = Number(latency);
        if (!(ms >= 0)) throw new Error('Latency must be a number of milliseconds');
        if (ms > 0) next.latency = { kind: 'fixed', ms };
      } else if (rule?.latency && rule.latency.kind !== 'fixed') next.latency = rule.latency;
      if (vendor) next.vendor = vendor;
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
        <label>
          Error rate %
          <input
            type="number"
            min="0"
            max="100"
            step="any"
            inputMode="decimal"
            value={errorPct}
            onInput={(e) => setErrorPct(e.currentTarget.value)}
          />
        </label>
        <label>
          Error status
          <input
            type="number"
            min="400"
            max="599"
            placeholder="default"
            title="Blank: the vendor's usual failure status"
            value={errorStatus}
            onInput={(e) => setErrorStatus(e.currentTarget.value)}
          />
        </label>
        <label>
          Latency ms
          <input
            type="number"
            min="0"
            step="any"
            value={latency}
            placeholder={rule?.latency && rule.latency.kind !== 'fixed' ? describeLatency(rule.latency) : ''}
            onInput={(e) => setLatency(e.currentTarget.value)}
          />
        </label>
        <label>
          Drop rate %
          <input
            type="number"
            min="0"
            max="100"
            step="any"
            value={dropPct}
            onInput={(e) => setDropPct(e.currentTarget.value)}
          />
        </label>
        <label>
          on
          <select value={vendor} onChange={(e) => setVendor(e.currentTarget.value)} aria-label="Fault vendor">
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
