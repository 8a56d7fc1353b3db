// src/generated/ holds what `npm run generate` derives for places without files (understudy/msw in a
// browser): the specs as data, and GroundWork's query parser. Both must be what their sources make
// now, or the browser would serve another contract than the server (`npm run generate:check` says so
// in CI; this says it in `npm test`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import peggy from 'peggy';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_DOCUMENTS } from '../../src/generated/documents/index.js';
import { BUILT_IN_MODULES } from '../../src/generated/vendor-modules.js';
import { PACKAGE_ROOT, SPECS_DIR } from '../../src/spec/paths.js';
import { BUILT_IN_VENDORS } from '../../src/vendors/built-in.js';
import { GRAMMAR } from '../../src/vendors/groundwork/query/grammar.js';

describe('src/generated', () => {
  it.each(BUILT_IN_VENDORS.map((d) => [d.vendor, d.specFile]))('documents/%s.ts is the spec', (vendor, file) => {
    expect(BUILT_IN_DOCUMENTS[vendor]).toEqual(parseYaml(readFileSync(join(SPECS_DIR, file), 'utf8')));
  });

  it('vendor-modules.ts lists every built-in vendor, in order, each with its own descriptor', () => {
    expect(BUILT_IN_MODULES.map((m) => m.vendor)).toEqual(BUILT_IN_VENDORS.map((d) => d.vendor));
    for (const [i, module] of BUILT_IN_MODULES.entries()) expect(module).toMatchObject({ ...BUILT_IN_VENDORS[i] });
  });

  it("groundwork-query-parser.ts is peggy's output for grammar.ts", () => {
    const committed = readFileSync(join(PACKAGE_ROOT, 'src', 'generated', 'groundwork-query-parser.ts'), 'utf8');
    expect(committed.endsWith(peggy.generate(GRAMMAR, { output: 'source', format: 'es' }))).toBe(true);
  });
});
