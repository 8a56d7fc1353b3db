// src/generated/ holds what `npm run generate` derives for places without files (understudy/msw in a
// browser): the specs as data, and GroundWork's query parser. Both must be what their sources make
// now, or the browser would serve another contract than the server (`npm run generate:check` says so
// in CI; this says it in `npm test`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import peggy from 'peggy';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { document as boomi } from '../../src/generated/documents/boomi.js';
import { document as groundwork } from '../../src/generated/documents/groundwork.js';
import { document as moogsoft } from '../../src/generated/documents/moogsoft.js';
import { document as polarity } from '../../src/generated/documents/polarity.js';
import { PACKAGE_ROOT, SPECS_DIR } from '../../src/spec/paths.js';
import { GRAMMAR } from '../../src/vendors/groundwork/query/grammar.js';

describe('src/generated', () => {
  const documents = { groundwork, moogsoft, polarity, boomi };
  it.each(Object.keys(documents) as Array<keyof typeof documents>)('documents/%s.ts is the spec', (vendor) => {
    expect(documents[vendor]).toEqual(parseYaml(readFileSync(join(SPECS_DIR, `${vendor}.yaml`), 'utf8')));
  });

  it("groundwork-query-parser.ts is peggy's output for grammar.ts", () => {
    const committed = readFileSync(join(PACKAGE_ROOT, 'src', 'generated', 'groundwork-query-parser.ts'), 'utf8');
    expect(committed.endsWith(peggy.generate(GRAMMAR, { output: 'source', format: 'es' }))).toBe(true);
  });
});
