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
    expect(problems(VALID.replace('    expect:', '    expct: {}\n    expect:'))).toEqual(['moogsoft/typo.yaml:7:5: steps[0].expct: is not allowed']);
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
    expect(problems(VALID.replace('status: 200', 'status: 418'))[0]).toMatch(/:8:7: steps\[0\]\.expect\.status: status 418 is not documented for getIntegrationStatus \(documented: 200, 400, 401, 404\)/);
    expect(problems(VALID.replace('status: 200', 'status: ok'))).toContain('moogsoft/typo.yaml:8:7: steps[0].expect.status: must be integer');
  });

  it('refuses an unknown parameter, a variable used before it is set, and two bodies', () => {
    expect(problems(VALID.replace('integrationId: { $example: seed }', 'integrationID: 6'))).toEqual([
      "moogsoft/typo.yaml:6:13: steps[0].path.integrationID: getIntegrationStatus has no path parameter 'integrationID' (did you mean 'integrationId'?)",
      "moogsoft/typo.yaml:6:5: steps[0].path: path parameter 'integrationId' needs a value",
    ]);
    expect(problems(VALID.replace('{ $example: seed }', '"{{id}}"'))[0]).toMatch(/:6:5: steps\[0\]\.path: \{\{id\}\} is not defined before it is used/);
    expect(problems(VALID.replace('    expect:', '    body: {}\n    xml: "<a/>"\n    expect:'))).toContain('moogsoft/typo.yaml:5:5: steps[0]: a step has one body at most: body, xml or form');
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problems(VALID.replace('path: { integrationId', 'path: { integrationId: 6, [ '))[0]).toMatch(/^moogsoft\/typo\.yaml:6:\d+: \(yaml\): /);
  });

  it('requires every step to state its expected status', () => {
    expect(problems(VALID.replace(/    expect:\n      status: 200\n/, '    expect:\n'))).toContain('moogsoft/typo.yaml:7:5: steps[0].expect.status: is required');
  });

  it('checks the folder against the vendor', () => {
    const { issues } = loadScenarioText('boomi/x.yaml', VALID, 'boomi');
    expect(issues.map(formatIssue)).toEqual(["boomi/x.yaml:1:1: vendor: the file is under boomi/ but names vendor 'moogsoft'"]);
  });
});
