// `contentEncoding: gzip` on a step: the runner sends the body gzip-compressed with
// `Content-Encoding: gzip` (as GroundWork's TCG connectors do), so a target that takes gzip reads
// the same body, and one that does not answers 415. The loader refuses the key without a body.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/conformance/load-scenarios.js';
import { runVerify } from '../../src/conformance/runner.js';
import { send } from '../../src/conformance/http.js';
import { buildRequest } from '../../src/conformance/request.js';
import { loadSpec } from '../../src/spec/load.js';
import { failuresOf } from '../../src/report/failures.js';
import { startMock, type RunningMock } from '../helpers/mock.js';
import { scenarioFolder } from '../helpers/scenario-folder.js';

const SCENARIO = `vendor: groundwork
name: gzip bodies
source: "public: test"
variables:
  inventory:
    context: { appType: VEMA, agentId: gz-agent, traceToken: t, timeStamp: "1700000000000", version: 1.0.0 }
    resources: [{ name: gz-host, type: host, device: 10.0.0.9 }]
steps:
  - operation: synchronizeInventory
    body: "{{inventory}}"
    contentEncoding: gzip
    expect: { status: 200, body: { failed: 0 } }
  - operation: getHost
    path: { hostName: gz-host }
    headers: { Accept: application/json }
    expect: { status: 200, body: { hostName: gz-host } }
`;

let m: RunningMock;
let folder: ReturnType<typeof scenarioFolder>;
let dir: string;
beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
  folder = scenarioFolder({ 'groundwork/gzip.yaml': SCENARIO });
  dir = folder.dir;
});
afterAll(async () => {
  await m.close();
  folder.remove();
});

describe('contentEncoding: gzip', () => {
  it('sends the body compressed and labelled, and the target reads it', async () => {
    const result = await runVerify({ target: m.url, vendors: ['groundwork'], scenariosDir: dir });
    expect(failuresOf(result).map((f) => f.message)).toEqual([]);
  });

  it('goes out as gzip bytes under Content-Encoding: gzip, and the report keeps the text', async () => {
    const seen: Array<{ encoding?: string; bytes: Buffer }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ encoding: req.headers['content-encoding'], bytes: Buffer.concat(chunks) });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const op = loadSpec('groundwork').byOperationId.get('synchronizeInventory');
      if (!op) throw new Error('no synchronizeInventory');
      const request = buildRequest(`http://127.0.0.1:${port}`, op, {
        path: {},
        query: {},
        headers: {},
        body: { mediaType: 'application/json', value: { a: 1 }, encoding: 'gzip' },
      });
      expect(request.body).toBe('{"a":1}');
      await send(request, 5000);
      expect(seen[0]?.encoding).toBe('gzip');
      expect(gunzipSync(seen[0]?.bytes ?? Buffer.alloc(0)).toString()).toBe('{"a":1}');
    } finally {
      server.close();
    }
  });

  it('is refused by the loader without a body, and takes only gzip', () => {
    const base = `vendor: groundwork\nname: t\nsource: "public: test"\nsteps:\n  - operation: getHost\n    path: { hostName: a }\n`;
    const noBody = loadScenarioText(
      'groundwork/t.yaml',
      `${base}    contentEncoding: gzip\n    expect: { status: 200 }\n`,
    );
    expect(noBody.issues.map((i) => i.message)).toContain('a content encoding without a body');
    const br = loadScenarioText(
      'groundwork/t.yaml',
      `${base.replace('getHost\n    path: { hostName: a }', 'synchronizeInventory')}    body: {}\n    contentEncoding: br\n    expect: { status: 200 }\n`,
    );
    expect(br.issues.length).toBeGreaterThan(0);
  });
});
