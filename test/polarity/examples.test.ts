// Polarity (seed 003) over a real socket: every curl command and Python snippet of the seed as
// written, and every response example of specs/polarity.yaml reproduced by the fixtures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../src/generated/polarity.js';
import { loadSpec } from '../../src/spec/load.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { runCurl, runPythonSnippets, type SnippetResult } from './run.js';
import { CURL, PYTHON } from './seed.js';

type IntegrationList = components['schemas']['IntegrationList'];
type ErrorList = components['schemas']['IntegrationErrorList'];

const JSONAPI = 'application/vnd.api+json';
let m: RunningMock;
const spec = loadSpec('polarity');
const example = (operationId: string, name: string, status = '200') =>
  spec.byOperationId.get(operationId)!.responses[status]!.content![JSONAPI]!.examples![name]!.value as Record<
    string,
    unknown
  >;
const get = async (path: string) => {
  const res = await fetch(m.url + path, {
    headers: { authorization: 'Bearer my-auth-token', 'content-type': JSONAPI },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  m = await startMock({ vendors: ['polarity'] });
});
afterAll(() => m.close());

describe('Polarity seed examples: curl as written', () => {
  it('Get Integrations: the first page of 100 out of 135', async () => {
    const { status, body } = await runCurl(m.url, CURL.getIntegrations);
    expect(status).toBe(200);
    const list = body as IntegrationList;
    expect(list.data).toHaveLength(100);
    expect(list.meta).toEqual({ page: { number: 1, size: 100, total: 135 } });
  });

  it('Paging: page[size]=200 page[number]=1 returns all 135', async () => {
    const { status, body } = await runCurl(m.url, CURL.paging);
    expect(status).toBe(200);
    expect((body as IntegrationList).data).toHaveLength(135);
    expect((body as IntegrationList).meta.page).toEqual({ number: 1, size: 200, total: 135 });
  });

  it('Filtering by status: 120 running, the first 100 on page 1', async () => {
    const { body } = await runCurl(m.url, CURL.filterStatus);
    const list = body as IntegrationList;
    expect(list.meta.page.total).toBe(120);
    expect(list.data).toHaveLength(100);
    expect(list.data.every((i) => i.attributes.status === 'running')).toBe(true);
  });

  it('Filtering by errors: the 20 integrations with errors', async () => {
    const { body } = await runCurl(m.url, CURL.filterErrors);
    const list = body as IntegrationList;
    expect(list.meta.page.total).toBe(20);
    expect(list.data.every((i) => i.relationships['integration-errors'].data.length > 0)).toBe(true);
  });

  it('Get Integration Errors: all 39, unpaged, with jsonapi 1.0', async () => {
    const { status, body } = await runCurl(m.url, CURL.getErrors);
    expect(status).toBe(200);
    expect((body as ErrorList).data).toHaveLength(39);
    expect((body as ErrorList).jsonapi).toEqual({ version: '1.0' });
  });
});

describe('Polarity seed examples: Python as written', () => {
  const withErrors = (value: string) =>
    PYTHON.filterErrors.replace(
      "'filter[integration.integration-errors]': true",
      `'filter[integration.integration-errors]': ${value}`,
    );
  let ran: Record<string, SnippetResult>;
  /** The value the snippet assigned last; a snippet that failed fails the test with its traceback. */
  const value = (name: string): unknown => {
    const result = ran[name]!;
    if (!result.ok) throw new Error(`${name} failed:\n${result.error}`);
    return result.value;
  };

  beforeAll(async () => {
    expect(withErrors("'true'")).not.toBe(PYTHON.filterErrors);
    ran = await runPythonSnippets(m.url, {
      getIntegrations: PYTHON.getIntegrations,
      paging: PYTHON.paging,
      filterStatus: PYTHON.filterStatus,
      filterErrors: PYTHON.filterErrors,
      filterErrorsText: withErrors("'true'"),
      filterErrorsTrue: withErrors('True'),
      getErrors: PYTHON.getErrors,
    });
  });

  it('get_integrations', () => {
    expect((value('getIntegrations') as IntegrationList).meta.page).toEqual({ number: 1, size: 100, total: 135 });
  });

  it('get_integrations with paging params', () => {
    expect((value('paging') as IntegrationList).data).toHaveLength(135);
  });

  it('get_integrations filtered to running', () => {
    expect((value('filterStatus') as IntegrationList).meta.page.total).toBe(120);
  });

  it('get_integrations_with_errors fails as written (seed defect: JavaScript `true`)', () => {
    const result = ran.filterErrors!;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/NameError: name 'true' is not defined/);
  });

  it("get_integrations_with_errors fixed with the query value 'true' returns the 20", () => {
    expect((value('filterErrorsText') as IntegrationList).meta.page.total).toBe(20);
  });

  it("get_integrations_with_errors fixed with Python's `True` (sent as the text True) returns the 20", () => {
    const body = value('filterErrorsTrue') as IntegrationList;
    expect(body.meta.page.total).toBe(20);
    expect(body.data.every((i) => i.relationships['integration-errors'].data.length > 0)).toBe(true);
  });

  it('get_integration_errors', () => {
    expect((value('getErrors') as ErrorList).data).toHaveLength(39);
  });
});

describe('Polarity spec examples are what the fixtures answer', () => {
  const VT = 'virustotal_node_18_1725278818';
  const ERROR = '3f9a1c52-7d4e-4b8a-9c61-2e5d8f0b7a14';

  it('listIntegrations: the first model and the meta of the Return Data Example', async () => {
    const { body } = await get('/api/integrations');
    const doc = example('listIntegrations', 'returnDataExample') as unknown as IntegrationList;
    expect((body as unknown as IntegrationList).data[0]).toEqual(doc.data[0]);
    expect(body.meta).toEqual(doc.meta);
  });

  it('getIntegration: the Integration Model', async () => {
    const { status, body } = await get(`/api/integrations/${VT}`);
    expect(status).toBe(200);
    expect(body).toEqual({ ...example('getIntegration', 'integrationModel'), jsonapi: { version: '1.0' } });
  });

  it('getIntegrationError: the Error Model', async () => {
    const { body } = await get(`/api/integration/${VT}/errors/${ERROR}`);
    expect(body).toEqual({ ...example('getIntegrationError', 'errorModel'), jsonapi: { version: '1.0' } });
  });

  it('listIntegrationErrors and listIntegrationOptions: the relationship links of the model', async () => {
    expect((await get(`/api/integration-errors?filter[integration.id]=${VT}`)).body).toEqual({
      ...example('listIntegrationErrors', 'errorsOfIntegration'),
      jsonapi: { version: '1.0' },
    });
    expect((await get(`/api/integration-options?filter[integration.id]=${VT}`)).body).toEqual({
      ...example('listIntegrationOptions', 'virusTotalApiKey'),
      jsonapi: { version: '1.0' },
    });
  });

  it('getAllIntegrationErrors: the error model of the Return Payload Format comes first', async () => {
    const { body } = await get('/api/integrations/errors');
    const doc = example('getAllIntegrationErrors', 'returnPayloadFormat') as unknown as ErrorList;
    expect((body as unknown as ErrorList).data[0]).toEqual(doc.data[0]);
    expect(body.jsonapi).toEqual(doc.jsonapi);
  });

  it('login: the documented request body, for a server whose user it is', async () => {
    const request = spec.byOperationId.get('login')!.requestBody!.content[JSONAPI]!.examples!.credentials!
      .value as Record<string, string>;
    const other = await startMock({
      vendors: ['polarity'],
      vendorOptions: { polarity: { user: request.identification, password: request.password } },
    });
    try {
      const res = await fetch(`${other.url}/api/users/login`, {
        method: 'POST',
        headers: { 'content-type': JSONAPI },
        body: JSON.stringify(request),
      });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as components['schemas']['LoginResponse'];
      expect(data.token).toMatch(/^\S+$/);
      expect(
        (await fetch(`${other.url}/api/integrations`, { headers: { authorization: `Bearer ${data.token}` } })).status,
      ).toBe(200);
      expect(violations(other.mock)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
