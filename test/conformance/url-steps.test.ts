// A step with `url` sends that request target byte for byte (trailing slash, /foundation-webapp,
// query string as written), replays without and with bad credentials on the same target, and is
// checked as the operation it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../../src/conformance/runner.js';
import { failuresOf } from '../../src/report/failures.js';
import { startMock, type RunningMock } from '../helpers/mock.js';
import { scenarioFolder } from '../helpers/scenario-folder.js';

let m: RunningMock;
let folder: ReturnType<typeof scenarioFolder>;
let dir: string;

const SCENARIO = `vendor: groundwork
name: exact request targets
source: "public: test"
steps:
  - operation: login
    url: /foundation-webapp/api/auth/login
    headers: { Accept: text/plain }
    form: { user: "{{credentials.user | base64}}", password: "{{credentials.password | base64}}", gwos-app-name: javaClient }
    capture: { token: body }
    expect: { status: 200 }
  - operation: getHosts
    # as Java's URLEncoder spells the query (the client's encode(), with + as %20)
    url: "/foundation-webapp/api/hosts/?query=hostName%20%3D%20%27malbec%27&depth=simple"
    headers: { Accept: application/xml }
    expect: { status: 200, body: { hosts: [{ hostName: malbec }] } }
  - operation: getHost
    auth: none
    url: "/api/hosts/{{credentials.user | uri}}x/"
    headers: { GWOS-API-TOKEN: "{{token}}", APP-NAME: javaClient, Accept: application/json }
    expect: { status: 404 }
`;

beforeAll(async () => {
  m = await startMock({ vendors: ['groundwork'] });
  folder = scenarioFolder({ 'groundwork/exact.yaml': SCENARIO });
  dir = folder.dir;
});
afterAll(async () => {
  await m.close();
  folder.remove();
});

describe('url steps', () => {
  it('send the target as written, for the main request and the auth replays, and pass as their operation', async () => {
    const result = await runVerify({ target: m.url, vendors: ['groundwork'], scenariosDir: dir });
    expect(failuresOf(result).map((f) => f.message)).toEqual([]);
    expect(result.ok).toBe(true);
    // The runner's reachability probe (GET /) aside: the scenario's login, then the runner's own
    // login for the secured step that sends no credentials of its own.
    const paths = m.mock.journal
      .list()
      .filter((e) => e.path !== '/')
      .map((e) => `${e.method} ${e.path} ${e.status}`);
    expect(paths).toEqual([
      'POST /foundation-webapp/api/auth/login 200',
      'POST /api/auth/login 200',
      'GET /foundation-webapp/api/hosts/?query=hostName%20%3D%20%27malbec%27&depth=simple 200',
      // ignored_auth: the same target without credentials, then with a wrong token
      'GET /foundation-webapp/api/hosts/?query=hostName%20%3D%20%27malbec%27&depth=simple 400',
      'GET /foundation-webapp/api/hosts/?query=hostName%20%3D%20%27malbec%27&depth=simple 401',
      'GET /api/hosts/adminx/ 404',
      // the runner logs out the session it opened
      'POST /api/auth/logout 200',
    ]);
    const step = result.scenarios[0]!.steps[1]!;
    expect(step.operationId).toBe('getHosts');
    expect(step.exchanges[0]!.checks.map((c) => `${c.check} ${c.status}`)).toContain('expected_state passed');
  });
});
