// Boolean spellings in text (query, path and header parameters, form fields): `true`/`false` in any
// letter case, as client libraries write them (Python's `True`), for every boolean the specs declare,
// and nothing else.
import { describe, expect, it } from 'vitest';
import { isBooleanSchema } from '../../src/spec/booleans.js';
import { loadSpec } from '../../src/spec/load.js';
import { compileValidators } from '../../src/spec/ajv-static.js';
import { vendorNames } from '../../src/vendors/registry.js';

const specs = vendorNames().map((v) => loadSpec(v));
const validators = compileValidators(specs);

const booleanParameters = specs.flatMap((spec) =>
  spec.operations.flatMap((op) =>
    op.parameters
      .filter((p) => p.in !== 'cookie' && isBooleanSchema(spec.schema(p.schema)))
      .map((p) => ({
        label: `${spec.vendor} ${op.operationId} ${p.in} ${p.name}`,
        key: `${spec.vendor}:${op.operationId}`,
        in: p.in as 'path' | 'query' | 'header',
        name: p.in === 'header' ? p.name.toLowerCase() : p.name,
      })),
  ),
);

const read = (param: (typeof booleanParameters)[number], text: string) => {
  const raw: { path: Record<string, string>; query: Record<string, string>; header: Record<string, string> } = {
    path: {},
    query: {},
    header: {},
  };
  raw[param.in][param.name] = text;
  const { value, issues } = validators.get(param.key)!.params(raw);
  return { value: value[param.in][param.name], issues: issues.filter((i) => i.field === param.name) };
};

describe('boolean parameters', () => {
  it('the specs declare some (GroundWork merge/async, Polarity integration-errors)', () => {
    expect(booleanParameters.map((p) => p.label)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^groundwork .* query merge$/),
        expect.stringMatching(/^polarity listIntegrations query filter\[integration\.integration-errors\]$/),
      ]),
    );
  });

  it.each(booleanParameters)('$label reads true/false in any letter case', (param) => {
    for (const [text, expected] of [
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['false', false],
      ['False', false],
      ['FALSE', false],
    ] as const) {
      expect(read(param, text)).toEqual({ value: expected, issues: [] });
    }
  });

  it.each(booleanParameters)('$label refuses what is no boolean spelling (1, 0, yes, empty)', (param) => {
    for (const text of ['1', '0', 'yes', 'Truee', '']) {
      expect(read(param, text).issues).toEqual([expect.objectContaining({ message: 'must be boolean' })]);
    }
  });

  it('a string parameter keeps True as it is written', () => {
    const { value, issues } = validators
      .get('polarity:listIntegrations')!
      .params({ path: {}, query: { 'filter[integration.status]': 'True' }, header: {} });
    expect(value.query['filter[integration.status]']).toBe('True');
    expect(issues[0]?.message).toMatch(/must be one of/);
  });
});

describe('boolean form fields', () => {
  const form = (fields: Record<string, string>) => ({
    agentId: 'a',
    appType: 'NAGIOS',
    host: 'h',
    status: 'UP',
    ...fields,
  });

  it.each([
    ['True', true],
    ['FALSE', false],
  ] as const)('GroundWork Biz host form allowInserts=%s is %s', (text, expected) => {
    const body = form({ allowInserts: text, mergeHosts: text });
    expect(validators.get('groundwork:bizCreateOrUpdateHost')!.body('application/x-www-form-urlencoded', body)).toEqual(
      [],
    );
    expect(body).toMatchObject({ allowInserts: expected, mergeHosts: expected });
  });

  it('a form field that is no boolean spelling is refused, naming it', () => {
    const issues = validators
      .get('groundwork:bizCreateOrUpdateHost')!
      .body('application/x-www-form-urlencoded', form({ allowInserts: '1' }));
    expect(issues).toEqual([expect.objectContaining({ field: 'allowInserts', message: 'must be boolean' })]);
  });
});
