// A state file is read in chunks, its GroundWork hosts handed to the loader a batch at a time
// (src/mock/state-reader.ts): only structure is tracked by hand, so what it hands over must be
// exactly what JSON.parse makes of the whole file, wherever the chunks and batches fall, and a
// broken file must be refused with the element that breaks it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStreamedList } from '../../src/common/streamed-list.js';
import { DEFAULT_READ_SIZES, LARGE_OBJECT_BYTES, readStateFile, type ReadSizes } from '../../src/mock/state-reader.js';
import { stateObject } from '../../src/fixtures/groundwork.js';
import { MockServer, defaultOptions } from '../../src/mock/server.js';

const dir = mkdtempSync(join(tmpdir(), 'understudy-state-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(text: string): string {
  const path = join(dir, `state-${files++}.json`);
  writeFileSync(path, text);
  return path;
}

const streamGroundworkHosts = (vendor: string) => (vendor === 'groundwork' ? ['hosts'] : []);

/** The file read with the streamed lists made arrays again: to compare with JSON.parse. */
function readWhole(path: string, sizes?: ReadSizes): unknown {
  const read = readStateFile(path, streamGroundworkHosts, sizes);
  try {
    const value = read.value as Record<string, Record<string, unknown>>;
    const hosts = value.groundwork?.hosts;
    if (hosts !== undefined) {
      expect(isStreamedList(hosts), 'groundwork.hosts is streamed').toBe(true);
      const list = [...(hosts as Iterable<unknown>)];
      expect(list).toHaveLength((hosts as { length: number }).length);
      value.groundwork = { ...value.groundwork, hosts: list };
    }
    return value;
  } finally {
    read.close();
  }
}

// Every character that means something to the scanner, inside strings and keys, escaped or not.
const tricky = {
  moogsoft: { alerts: [{ description: 'a "quoted" [list], {object}: with, commas' }], hosts: [{ not: 'streamed' }] },
  groundwork: {
    devices: [{ identification: 'ü-ß-漢字-🙂', id: 1 }],
    'hosts"': ['a key that only looks like hosts'],
    hosts: [
      { hostName: 'a', lastPlugInOutput: 'ends in a backslash \\', services: [] },
      { hostName: 'b\\"c', properties: { 'x"]': '\\\\', y: '\\"}]' } },
      { hostName: '漢字 🙂', services: [{ description: '[,]{:}' }] },
      'a string element, with a comma',
      42,
      null,
      [1, [2, [3]]],
    ],
    events: [{ message: ']]]' }],
  },
};

describe('reading a state file in pieces', () => {
  it('hands over exactly what JSON.parse makes of it, wherever the chunks and batches fall', () => {
    const texts = [JSON.stringify(tricky), JSON.stringify(tricky, null, 2), JSON.stringify(tricky, null, '\t')];
    for (const text of texts) {
      const path = file(text);
      const expected = JSON.parse(text) as unknown;
      for (let chunkBytes = 1; chunkBytes <= 64; chunkBytes++)
        expect(readWhole(path, { chunkBytes, batchBytes: chunkBytes % 7 }), `chunks of ${chunkBytes}`).toEqual(
          expected,
        );
      expect(readWhole(path)).toEqual(expected);
    }
  });

  it('reads a quote escaped by backslashes that start in the previous chunk', () => {
    const hosts = Array.from({ length: 12 }, (_, i) => ({ hostName: `${'\\'.repeat(i)}"${'\\'.repeat(i + 1)}` }));
    const text = JSON.stringify({ groundwork: { hosts } });
    const path = file(text);
    for (let chunkBytes = 1; chunkBytes <= 40; chunkBytes++)
      expect(readWhole(path, { chunkBytes, batchBytes: 16 })).toEqual(JSON.parse(text));
  });

  it('reads lists in any order of keys, empty lists and files without GroundWork', () => {
    for (const value of [
      { groundwork: { events: [], hosts: [], devices: [] } },
      { groundwork: { hosts: [] } },
      { moogsoft: { alerts: [1, 2] } },
      {},
    ]) {
      const text = JSON.stringify(value, null, 1);
      expect(readWhole(file(text), { chunkBytes: 3, batchBytes: 5 })).toEqual(JSON.parse(text));
    }
  });

  it('refuses a broken list with the element that breaks it, and a broken rest with JSON.parse’s reason', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"groundwork":{"hosts":[{"a":1},{"b":2} {"c":3}]}}', /groundwork\.hosts\[1\] is not JSON/],
      ['{"groundwork":{"hosts":[{"a":1},{"b":tru}]}}', /groundwork\.hosts\[1\] is not JSON/],
      ['{"groundwork":{"hosts":[{"a":1},]}}', /Unexpected token '\]'/],
      ['{"groundwork":{"hosts":[,{"a":1}]}}', /Unexpected token ','/],
      ['{"groundwork":{"hosts":[{"a":1},{"b":2}', /JSON/],
      ['{"groundwork":{"hosts":[{"a":1}], "devices": [}}', /JSON/],
    ];
    for (const [text, error] of cases) {
      const path = file(text);
      expect(() => readWhole(path, { chunkBytes: 4, batchBytes: 1 << 20 }), text).toThrow(error);
    }
  });
  it('parses batches whose text is a regular V8 object, even as two bytes a character (256 KiB ones cost 1.5 s a 256 MB)', () => {
    const seqStringHeader = 16;
    expect(2 * (DEFAULT_READ_SIZES.batchBytes + 2) + seqStringHeader).toBeLessThanOrEqual(LARGE_OBJECT_BYTES);
  });
});

describe('a mock started on a state file', () => {
  it('loads its hosts streamed, the same state as loading the parsed file', () => {
    const dump = stateObject({ hosts: 300, servicesPerHost: 4, seed: 'reader' });
    const path = file(JSON.stringify(dump, null, 2));
    const fromFile = new MockServer(defaultOptions({ vendors: ['groundwork'], stateFile: path }));
    const parsed = new MockServer(defaultOptions({ vendors: ['groundwork'] }));
    parsed.loadState(dump);
    expect(fromFile.stateLoadedFrom).toBe(path);
    expect(fromFile.dumpState()).toEqual(parsed.dumpState());
    expect((fromFile.dumpState().groundwork as { hosts: unknown[] }).hosts).toHaveLength(300);
  });

  it('refuses a file whose host does not parse, naming it', () => {
    const dump = stateObject({ hosts: 5, servicesPerHost: 1, seed: 'reader' });
    const text = JSON.stringify(dump).replace('"hostName":', '"hostName" ');
    expect(() => new MockServer(defaultOptions({ vendors: ['groundwork'], stateFile: file(text) }))).toThrow(
      /groundwork\.hosts\[0\] is not JSON/,
    );
  });
});
