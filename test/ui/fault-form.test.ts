// The dashboard's fault form as data (src/ui/faults-view.tsx): what it shows for a rule in force, and
// the rule it states or the field it names as wrong. The page itself is driven in dashboard.test.ts.
import { describe, expect, it } from 'vitest';
import { formOf, ruleOf, type FaultForm } from '../../src/ui/faults-view.js';

const BLANK: FaultForm = { errorPct: '', errorStatus: '', latency: '', dropPct: '', vendor: '' };

describe('fault form', () => {
  it('shows the rule in force, and states it back', () => {
    const rule = { errorRate: 0.125, errorStatus: 503, latency: { kind: 'fixed' as const, ms: 250 }, vendor: 'boomi' };
    const form = formOf(rule);
    expect(form).toEqual({ errorPct: '12.5', errorStatus: '503', latency: '250', dropPct: '', vendor: 'boomi' });
    expect(ruleOf(form, rule)).toEqual(rule);
    expect(formOf(undefined)).toEqual(BLANK);
    expect(ruleOf(BLANK, undefined)).toEqual({});
  });

  it('keeps a latency it cannot show while its field is blank, and a typed one replaces it', () => {
    const rule = { latency: { kind: 'uniform' as const, minMs: 10, maxMs: 90 } };
    expect(formOf(rule).latency).toBe('');
    expect(ruleOf(formOf(rule), rule)).toEqual(rule);
    expect(ruleOf({ ...formOf(rule), latency: '40' }, rule)).toEqual({ latency: { kind: 'fixed', ms: 40 } });
    expect(ruleOf({ ...formOf(rule), latency: '0' }, rule)).toEqual({});
  });

  it('names the field that is wrong', () => {
    expect(() => ruleOf({ ...BLANK, errorPct: '101' }, undefined)).toThrow(
      'Error rate must be a percentage from 0 to 100',
    );
    expect(() => ruleOf({ ...BLANK, dropPct: '-1' }, undefined)).toThrow(
      'Drop rate must be a percentage from 0 to 100',
    );
    expect(() => ruleOf({ ...BLANK, errorStatus: '302' }, undefined)).toThrow('Error status must be 400–599');
    expect(() => ruleOf({ ...BLANK, errorStatus: '500.5' }, undefined)).toThrow('Error status must be 400–599');
    expect(() => ruleOf({ ...BLANK, latency: 'soon' }, undefined)).toThrow('Latency must be a number of milliseconds');
  });
});
