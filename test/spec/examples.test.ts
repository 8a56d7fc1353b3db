// Every documented example embedded in the specs is valid against its schema: JSON with ajv, XML by
// reading it through the spec's xml mapping and then ajv, form bodies through the same coercion the
// mock applies, parameter examples through the parameter validators.
import { afterAll, describe, expect, it } from 'vitest';
import { describeIssue } from '../../src/spec/ajv.js';
import { bodyKind, decodeBody } from '../../src/spec/codec.js';
import { loadSpec } from '../../src/spec/load.js';
import { compileValidators } from '../../src/spec/ajv-static.js';
import { vendorNames } from '../../src/vendors/registry.js';

const specs = vendorNames().map((v) => loadSpec(v));
const validators = compileValidators(specs);
const counts: Record<string, Record<string, number>> = {};

function count(vendor: string, kind: string): void {
  counts[vendor] ??= {};
  counts[vendor][kind] = (counts[vendor][kind] ?? 0) + 1;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

for (const spec of specs) {
  describe(`${spec.vendor} examples`, () => {
    for (const op of spec.operations) {
      const v = validators.get(`${spec.vendor}:${op.operationId}`)!;
      for (const param of op.parameters) {
        for (const [name, example] of Object.entries(param.examples ?? {})) {
          it(`${op.operationId} parameter ${param.name} example '${name}'`, () => {
            const raw = { path: {}, query: {}, header: {} } as Record<string, Record<string, unknown>>;
            raw[param.in]![param.in === 'header' ? param.name.toLowerCase() : param.name] = asText(example.value);
            const issues = v
              .params(raw as never)
              .issues.filter((i) => i.field === param.name || i.field === param.name.toLowerCase());
            expect(issues.map(describeIssue)).toEqual([]);
            count(spec.vendor, 'parameter');
          });
        }
      }
      for (const [mediaType, media] of Object.entries(op.requestBody?.content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          it(`${op.operationId} request ${mediaType} example '${name}'`, () => {
            const kind = bodyKind(mediaType);
            const value =
              kind === 'json'
                ? structuredClone(example.value)
                : decodeBody(mediaType, asText(example.value), media.schema, spec.schema);
            expect(v.body(mediaType, value).map(describeIssue)).toEqual([]);
            count(spec.vendor, `request ${kind}`);
          });
        }
      }
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            it(`${op.operationId} ${status} ${mediaType} example '${name}'`, () => {
              const kind = bodyKind(mediaType);
              const value =
                kind === 'json'
                  ? example.value
                  : decodeBody(mediaType, asText(example.value), media.schema, spec.schema);
              expect(v.response(Number(status), mediaType, value).map(describeIssue)).toEqual([]);
              count(spec.vendor, `response ${kind}`);
            });
          }
        }
      }
    }
  });
}

describe('every operation is traceable and secured as its vendor does', () => {
  for (const spec of specs) {
    it(`${spec.vendor}: operationId, x-source, security and examples`, () => {
      const schemes = Object.keys(spec.securitySchemes);
      expect(schemes.length).toBeGreaterThan(0);
      for (const op of spec.operations) {
        expect(op.source, `${op.operationId} x-source`).toMatch(/^(\d{3}_[0-9a-f]{16}\.txt §|public: )/);
        for (const requirement of op.security) {
          for (const scheme of Object.keys(requirement))
            expect(schemes, `${op.operationId} security`).toContain(scheme);
        }
      }
      const seeded = spec.operations.filter((op) => !op.source.startsWith('public:'));
      const withExamples = seeded.filter(
        (op) =>
          [op.requestBody?.content, ...Object.values(op.responses).map((r) => r.content)].some((content) =>
            Object.values(content ?? {}).some((m) => Object.keys(m.examples ?? {}).length > 0),
          ) || op.parameters.some((p) => Object.keys(p.examples ?? {}).length > 0),
      );
      expect(withExamples.map((o) => o.operationId)).toEqual(seeded.map((o) => o.operationId));
    });
  }
});

afterAll(() => {
  const lines = Object.entries(counts).map(
    ([vendor, kinds]) =>
      `  ${vendor.padEnd(11)} ${String(Object.values(kinds).reduce((a, b) => a + b, 0)).padStart(3)}  (${Object.entries(
        kinds,
      )
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')})`,
  );
  console.log(`documented examples checked against their schemas:\n${lines.join('\n')}`);
});
