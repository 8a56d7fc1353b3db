// Boomi ListenerStatus (seed 004) over a real socket: the seed's QUERY payload and both of its
// response samples, on the current and the legacy URLs, and every request example of the spec.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBoomiClient } from '../../src/client.js';
import { loadSpec } from '../../src/spec/load.js';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { ACCOUNT, AUTH, boomiClient, tokenOf } from './client.js';

const JSON_TYPE = 'application/json';
const TOKEN = /^ListenerStatus-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const spec = loadSpec('boomi');
const requestExample = (operationId: string, name: string) =>
  spec.byOperationId.get(operationId)!.requestBody!.content[JSON_TYPE]!.examples![name]!.value;
const responseExample = (operationId: string, status: string, name: string) =>
  spec.byOperationId.get(operationId)!.responses[status]!.content![JSON_TYPE]!.examples![name]!.value as Record<
    string,
    unknown
  >;

let m: RunningMock;
const boomi = boomiClient(() => m.url);

beforeAll(async () => {
  m = await startMock({ vendors: ['boomi'] });
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

describe('Boomi seed examples', () => {
  for (const legacy of [false, true]) {
    it(`QUERY with the seed payload, then GET by token, answers the seed's samples${legacy ? ' (legacy URLs)' : ''}`, async () => {
      const accepted = await boomi.query({ raw: requestExample('queryListenerStatus', 'listenerOnContainer') }, legacy);
      expect(accepted.status).toBe(200);
      const sample = responseExample('queryListenerStatus', '200', 'token');
      expect(accepted.body).toEqual({
        ...sample,
        asyncToken: { ...(sample.asyncToken as object), token: expect.stringMatching(TOKEN) },
      });
      const result = await boomi.result(tokenOf(accepted), legacy);
      expect(result.status).toBe(200);
      expect(result.body).toEqual(responseExample('getListenerStatusResult', '200', 'listening'));
    });
  }

  it('the same with curl, as a client would send it', async () => {
    const run = async (...args: string[]) =>
      (await promisify(execFile)('curl', ['-s', '-u', 'BOOMI_TOKEN.dev@example.com:dev-api-token', ...args])).stdout;
    const payload = JSON.stringify(requestExample('queryListenerStatus', 'listenerOnContainer'));
    const accepted = JSON.parse(
      await run(
        '-X',
        'POST',
        `${m.url}/api/rest/v1/${ACCOUNT}/async/ListenerStatus/query`,
        '-H',
        'Content-Type: application/json',
        '-H',
        'Accept: application/json',
        '-d',
        payload,
      ),
    ) as { asyncToken: { token: string } };
    const result = JSON.parse(
      await run(
        `${m.url}/api/rest/v1/${ACCOUNT}/async/ListenerStatus/response/${accepted.asyncToken.token}`,
        '-H',
        'Accept: application/json',
      ),
    );
    expect(result).toEqual(responseExample('getListenerStatusResult', '200', 'listening'));
  });

  it('the typed client reads a result', async () => {
    const client = createBoomiClient({ baseUrl: m.url, headers: { authorization: AUTH } });
    const accepted = await client.POST('/api/rest/v1/{accountId}/async/ListenerStatus/query', {
      params: { path: { accountId: ACCOUNT } },
      body: {
        QueryFilter: {
          expression: {
            operator: 'EQUALS',
            property: 'containerId',
            argument: ['1045759d-7f6c-4108-bd0e-7b71541d6a2d'],
          },
        },
      },
    });
    const token = accepted.data!.asyncToken.token;
    const { data } = await client.GET('/api/rest/v1/{accountId}/async/ListenerStatus/response/{token}', {
      params: { path: { accountId: ACCOUNT, token } },
    });
    expect(data).toMatchObject({ responseStatusCode: 200, numberOfResults: 6 });
  });
});

describe('Boomi spec request examples are accepted', () => {
  for (const op of spec.operations) {
    for (const [name, example] of Object.entries(op.requestBody?.content[JSON_TYPE]?.examples ?? {})) {
      it(`${op.operationId} '${name}'`, async () => {
        const path = op.path.replace('/api/rest/v1/{accountId}', '');
        const res = await boomi.send(op.method.toUpperCase(), path, example.value);
        expect(res.status).toBe(200);
      });
    }
  }

  it('never answered with a response that breaks the spec', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
