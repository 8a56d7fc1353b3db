// A typo in a scenario is an error naming the file, the line and the field - never a crash.
import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenarioText } from '../../src/conformance/load-scenarios.js';

const problems = (text: string) => loadScenarioText('moogsoft/typo.yaml', text).issues.map(formatIssue);

const VALID = `vendor: moogsoft
name: ok
source: 000_6e4906c0b685c633.txt §GET
steps:
  - operation: getIntegrationStatus
    path: { integrationId: { $example: seed } }
    expect:
      status: 200
      body: { $example: running }
`;

describe('scenario loader', () => {
  it('loads a valid scenario and takes its examples from the spec', () => {
    const { scenario, issues } = loadScenarioText('moogsoft/ok.yaml', VALID);
    expect(issues).toEqual([]);
    expect(scenario!.steps[0]!.path).toEqual({ integrationId: 6 });
    expect(scenario!.steps[0]!.expectBody).toMatchObject({ global: { integration_config_id: 6, status: 'running' } });
    expect(scenario!.steps[0]!.examples).toHaveLength(2);
  });

  it('names an unknown key where it is written', () => {
    expect(problems(VALID.replace('    expect:', '    expct: {}\n    expect:'))).toEqual([
      'moogsoft/typo.yaml:7:5: steps[0].expct: is not allowed',
    ]);
  });

  it('suggests the operation meant', () => {
    expect(problems(VALID.replace('operation: getIntegrationStatus', 'operation: getIntegrationStatu'))).toEqual([
      "moogsoft/typo.yaml:5:5: steps[0].operation: unknown operation 'getIntegrationStatu' for moogsoft (did you mean 'getIntegrationStatus'?)",
    ]);
  });

  it('names a missing example and lists the documented ones', () => {
    expect(problems(VALID.replace('$example: running', '$example: runing'))).toEqual([
      "moogsoft/typo.yaml:9:15: steps[0].expect.body.$example: no response example 'runing' for getIntegrationStatus 200 (documented: running, instancesSnippet)",
    ]);
  });

  it('refuses an undocumented expected status and a wrong type', () => {
    expect(problems(VALID.replace('status: 200', 'status: 418'))[0]).toMatch(
      /:8:7: steps\[0\]\.expect\.status: status 418 is not documented for getIntegrationStatus \(documented: 200, 400, 401, 404, 405, 406, 408, 414, 431\)/,
    );
    expect(problems(VALID.replace('status: 200', 'status: ok'))).toContain(
      'moogsoft/typo.yaml:8:7: steps[0].expect.status: must be integer',
    );
  });

  it('refuses an unknown parameter, a variable used before it is set, and two bodies', () => {
    expect(problems(VALID.replace('integrationId: { $example: seed }', 'integrationID: 6'))).toEqual([
      "moogsoft/typo.yaml:6:13: steps[0].path.integrationID: getIntegrationStatus has no path parameter 'integrationID' (did you mean 'integrationId'?)",
      "moogsoft/typo.yaml:6:5: steps[0].path: path parameter 'integrationId' needs a value",
    ]);
    expect(problems(VALID.replace('{ $example: seed }', '"{{id}}"'))[0]).toMatch(
      /:6:5: steps\[0\]\.path: \{\{id\}\} is not defined before it is used/,
    );
    expect(problems(VALID.replace('    expect:', '    body: {}\n    xml: "<a/>"\n    expect:'))).toContain(
      'moogsoft/typo.yaml:5:5: steps[0]: a step has one body at most: body, xml or form',
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problems(VALID.replace('path: { integrationId', 'path: { integrationId: 6, [ '))[0]).toMatch(
      /^moogsoft\/typo\.yaml:6:\d+: \(yaml\): /,
    );
  });

  it('requires every step to state its expected status', () => {
    expect(problems(VALID.replace(/ {4}expect:\n {6}status: 200\n/, '    expect:\n'))).toContain(
      'moogsoft/typo.yaml:7:5: steps[0].expect.status: is required',
    );
  });

  it('checks the folder against the vendor', () => {
    const { issues } = loadScenarioText('boomi/x.yaml', VALID, 'boomi');
    expect(issues.map(formatIssue)).toEqual([
      "boomi/x.yaml:1:1: vendor: the file is under boomi/ but names vendor 'moogsoft'",
    ]);
  });
});

const PORTABLE = `vendor: moogsoft
name: portable
source: 000_6e4906c0b685c633.txt §PUT
preconditions:
  installed:
    description: an integration is installed
    operation: listIntegrations
    capture: { id: /0/id }
    expect: { status: 200, body: { $minLen: 1 } }
  running:
    description: it runs on a broker
    operation: getIntegrationStatus
    requires: [installed]
    path: { integrationId: "{{id}}" }
    capture: { broker: { from: /instances, where: { status: running }, take: key } }
    expect: { status: 200 }
steps:
  - operation: updateIntegrationStatus
    requires: [running]
    path: { integrationId: "{{id}}" }
    body: { command: stop, target: "{{broker}}" }
    expect: { status: 204 }
  - operation: listIntegrations
    readOnly: false
    expect: { status: 200 }
cleanup:
  - operation: updateIntegrationStatus
    requires: [running]
    path: { integrationId: "{{id}}" }
    body: { command: start, target: "{{broker}}" }
    expect: { status: 204 }
`;

describe('preconditions, cleanup and read-only in the scenario format', () => {
  it('loads preconditions (with what they need first), cleanup steps numbered on, and each step classified', () => {
    const { scenario, issues } = loadScenarioText('moogsoft/portable.yaml', PORTABLE);
    expect(issues.map(formatIssue)).toEqual([]);
    expect([...scenario!.preconditions.keys()]).toEqual(['installed', 'running']);
    expect(scenario!.preconditions.get('running')!.requires).toEqual(['installed']);
    expect(scenario!.steps.map((s) => [s.index, s.phase, s.readOnly, s.requires])).toEqual([
      [0, 'main', false, ['running']],
      [1, 'main', false, []], // a GET its author marked as having effects
      [2, 'cleanup', false, ['running']],
    ]);
  });

  it('takes read-only from the method, and from the spec for a POST that is a query', () => {
    const classify = (vendor: string, operation: string, extra = '') =>
      loadScenarioText(
        `${vendor}/x.yaml`,
        `vendor: ${vendor}\nname: x\nsource: "public: x"\nsteps:\n  - operation: ${operation}\n${extra}    expect: { status: 200 }\n`,
      ).scenario?.steps[0]?.readOnly;
    expect(classify('moogsoft', 'listIntegrations')).toBe(true);
    expect(classify('boomi', 'queryListenerStatus', '    body: { $example: allOnContainer }\n')).toBe(true); // x-read-only in specs/boomi.yaml
    expect(classify('boomi', 'changeListenerStatus', '    body: { $example: pause }\n')).toBe(false);
    expect(classify('groundwork', 'login', '    form: { user: a }\n')).toBe(true);
    expect(classify('groundwork', 'logout', '    form: { gwos-api-token: t }\n')).toBe(false);
    expect(classify('groundwork', 'logout', '    readOnly: true\n    form: { gwos-api-token: t }\n')).toBe(true);
  });

  it('names an unknown precondition, one never required, a cycle, and one that would change state', () => {
    const issues = (text: string) => loadScenarioText('moogsoft/p.yaml', text).issues.map(formatIssue);
    expect(
      issues(
        PORTABLE.replace(
          '    requires: [running]\n    path: { integrationId: "{{id}}" }\n    body: { command: stop',
          '    requires: [runing]\n    path: { integrationId: "{{id}}" }\n    body: { command: stop',
        ),
      ),
    ).toContain(
      "moogsoft/p.yaml:19:16: steps[0].requires[0]: no precondition 'runing' in this scenario (did you mean 'running'?)",
    );
    expect(issues(PORTABLE.replace(/requires: \[running\]/g, 'requires: [installed]'))).toContain(
      "moogsoft/p.yaml:10:3: preconditions.running: precondition 'running' is never required (name it in a step's or the scenario's requires)",
    );
    expect(
      issues(
        PORTABLE.replace('    capture: { id: /0/id }', '    requires: [running]\n    capture: { id: /0/id }'),
      ).some((i) => /precondition 'installed' requires itself/.test(i)),
    ).toBe(true);
    expect(
      issues(
        PORTABLE.replace(
          '    operation: listIntegrations\n    capture',
          '    operation: updateIntegrationStatus\n    path: { integrationId: 1 }\n    body: { command: start }\n    capture',
        ),
      ),
    ).toContain(
      'moogsoft/p.yaml:7:5: preconditions.installed.operation: a precondition must change nothing, and updateIntegrationStatus (PUT) does (a query sent by POST is marked x-read-only in the spec)',
    );
  });

  it('a variable a precondition captures is defined only where the precondition is required', () => {
    const issues = loadScenarioText(
      'moogsoft/p.yaml',
      PORTABLE.replace(
        '  - operation: listIntegrations\n    readOnly: false',
        '  - operation: getIntegrationStatus\n    path: { integrationId: "{{broker}}" }',
      ),
    ).issues.map(formatIssue);
    expect(issues.some((i) => /steps\[1\]\.path: \{\{broker\}\} is not defined before it is used/.test(i))).toBe(false); // step 0 required it: defined from there on
    const alone = loadScenarioText(
      'moogsoft/p.yaml',
      PORTABLE.replace(
        '    requires: [running]\n    path: { integrationId: "{{id}}" }\n    body: { command: stop',
        '    path: { integrationId: 1 }\n    body: { command: stop',
      ),
    ).issues.map(formatIssue);
    expect(alone).toContain(
      "moogsoft/p.yaml:20:5: steps[0].body: {{broker}} is captured by precondition 'running': add 'running' to this step's requires",
    );
  });

  it('validates the discovery capture', () => {
    const issues = loadScenarioText('moogsoft/p.yaml', PORTABLE.replace('take: key', 'take: name')).issues.map(
      formatIssue,
    );
    expect(issues.some((i) => /preconditions\.running\.capture\.broker/.test(i))).toBe(true);
  });
});

const GW = `vendor: groundwork
name: exact targets
source: "public: test"
steps:
  - operation: getHosts
    url: /foundation-webapp/api/hosts/?depth=deep
    expect: { status: 200 }
`;
const gwProblems = (text: string) => loadScenarioText('groundwork/url.yaml', text).issues.map(formatIssue);

describe('a step with an exact url', () => {
  it('loads when the url reaches the step operation by the mock routing (servers path, trailing slash)', () => {
    const { scenario, issues } = loadScenarioText('groundwork/url.yaml', GW);
    expect(issues).toEqual([]);
    expect(scenario!.steps[0]!.url).toBe('/foundation-webapp/api/hosts/?depth=deep');
    expect(
      gwProblems(
        GW.replace('url: /foundation-webapp/api/hosts/?depth=deep', 'url: "/api/hosts/{{appName}}"').replace(
          'getHosts',
          'getHost',
        ),
      ),
    ).toEqual([]);
  });

  it('names the operation a url reaches instead', () => {
    expect(gwProblems(GW.replace('/foundation-webapp/api/hosts/?depth=deep', '/api/hosts/localhost'))).toEqual([
      "groundwork/url.yaml:6:5: steps[0].url: GET /api/hosts/localhost reaches operation 'getHost', not getHosts (GET /api/hosts)",
    ]);
    expect(gwProblems(GW.replace('/foundation-webapp/api/hosts/?depth=deep', '/api/nothing'))[0]).toMatch(
      /reaches no operation, not getHosts/,
    );
  });

  it('refuses a url beside path or query, and one that is not a path', () => {
    expect(gwProblems(GW.replace('    expect:', '    query: { depth: deep }\n    expect:'))).toEqual([
      'groundwork/url.yaml:6:5: steps[0].url: url is the whole request target: give it, or path and query, not both',
    ]);
    expect(gwProblems(GW.replace('url: /foundation-webapp', 'url: foundation-webapp'))).toEqual([
      'groundwork/url.yaml:6:5: steps[0].url: must match pattern "^/"',
    ]);
  });

  it('knows its filters', () => {
    const form = GW.replace(
      'operation: getHosts\n    url: /foundation-webapp/api/hosts/?depth=deep',
      'operation: login\n    form: { user: "{{credentials.user | base64}}", password: "{{credentials.password | rot13}}", gwos-app-name: a }',
    );
    expect(gwProblems(form)).toEqual([
      "groundwork/url.yaml:6:5: steps[0].form: unknown filter 'rot13' (filters: base64, uri)",
    ]);
  });
});
