// Odd input that decoding must refuse with a clear 400 (issue 14 items 3 and 6): bytes that are not
// UTF-8, `__proto__` as a name, XML references and encodings no XML parser accepts, and numbers JSON
// cannot write back. Each was accepted before (silently repaired, dropped or stored as Infinity).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, violations, type RunningMock } from '../helpers/mock.js';
import { AGENT, GW, gw, stateHash } from './helpers.js';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock();
});
afterAll(() => m.close());
beforeEach(() => m.mock.reset());

const XML = 'application/xml';
const FORM = 'application/x-www-form-urlencoded';
const MOOG = { Authorization: `Basic ${Buffer.from('John.Doe:MyPassword').toString('base64')}` };

/** Sends raw bytes (fetch would send a string as UTF-8, repaired). */
async function bytes(
  method: string,
  path: string,
  body: Buffer,
  type: string,
  headers: Record<string, string> = GW,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${m.url}${path}`, {
    method,
    headers: { ...headers, Accept: 'application/json', 'Content-Type': type },
    body: new Uint8Array(body),
  });
  return { status: res.status, text: await res.text() };
}

const utf8 = (...parts: Array<string | number[]>): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('bytes that are not UTF-8', () => {
  it('two JSON names that differ only in invalid bytes are both refused, not merged into one host', async () => {
    const before = await stateHash(m);
    const first = await bytes(
      'POST',
      '/api/hosts',
      utf8('{"hosts":[{"hostName":"u8-', [0x80], '","appType":"NAGIOS","deviceIdentification":"10.8.0.1"}]}'),
      'application/json',
    );
    const second = await bytes(
      'POST',
      '/api/hosts',
      utf8('{"hosts":[{"hostName":"u8-', [0xe2, 0x82], '","appType":"NAGIOS","deviceIdentification":"10.8.0.2"}]}'),
      'application/json',
    );
    for (const answer of [first, second]) {
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error).toMatch(
        /request body is not valid UTF-8 \(the first bad byte is at offset 26\)/,
      );
    }
    expect(await stateHash(m)).toBe(before);
  });

  it('an XML body and a raw form body with invalid bytes are refused', async () => {
    const xml = await bytes(
      'POST',
      '/api/hosts',
      utf8('<hosts><host hostName="x-', [0xff], '" appType="NAGIOS" deviceIdentification="d"/></hosts>'),
      XML,
    );
    expect(xml.status).toBe(400);
    expect(xml.text).toMatch(/not valid UTF-8/);
    const form = await bytes(
      'POST',
      '/api/biz/host',
      utf8(`host=f-`, [0xc3], `&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d`),
      FORM,
    );
    expect(form.status).toBe(400);
    expect(form.text).toMatch(/not valid UTF-8/);
  });

  it('percent-encoded bytes that are not UTF-8 are refused in a form field and a query parameter, naming it', async () => {
    const before = await stateHash(m);
    const form = await gw(
      m,
      'POST',
      '/api/biz/host',
      `host=u8-%80&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d`,
      FORM,
    );
    expect(form.status).toBe(400);
    expect(form.json().error).toBe("body field 'host' is not UTF-8 once percent-decoded");
    const query = await gw(m, 'GET', '/api/hosts?query=hostName%3D%27%E2%82%27');
    expect(query.status).toBe(400);
    expect(query.json().error).toBe("query parameter 'query' is not UTF-8 once percent-decoded");
    // Valid percent-encoded UTF-8 still reads as before.
    const ok = await gw(
      m,
      'POST',
      '/api/biz/host',
      `host=caf%C3%A9+2&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d`,
      FORM,
    );
    expect(ok.status).toBe(200);
    expect(ok.json().hostName).toBe('café 2');
    expect(await stateHash(m)).not.toBe(before);
  });
});

describe('__proto__ as a name is refused, never dropped while the answer reports success', () => {
  it('Moogsoft: a __proto__ key does not pass additionalProperties: false', async () => {
    const res = await fetch(`${m.url}/integrations/api/v1/integrations/6/status`, {
      method: 'PUT',
      headers: { ...MOOG, 'Content-Type': 'application/json' },
      body: '{"command":"start","__proto__":{"x":1}}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      "body field '__proto__' is refused: understudy does not accept '__proto__' as a name",
    );
  });

  it('GroundWork: a property named __proto__ is refused in JSON, XML and forms, naming it', async () => {
    const before = await stateHash(m);
    const json = await gw(
      m,
      'POST',
      '/api/hosts',
      '{"hosts":[{"hostName":"pp","appType":"NAGIOS","deviceIdentification":"d","properties":{"__proto__":"x"}}]}',
    );
    expect(json.status).toBe(400);
    expect(json.json().error).toBe(
      "body field 'hosts[0].properties.__proto__' is refused: understudy does not accept '__proto__' as a name",
    );
    const xml = await gw(
      m,
      'POST',
      '/api/hosts',
      '<hosts><host hostName="pp" appType="NAGIOS" deviceIdentification="d"><properties><property name="__proto__" value="x"/></properties></host></hosts>',
      XML,
    );
    expect(xml.status).toBe(400);
    expect(xml.json().error).toMatch(/<property name="__proto__"> is refused/);
    const form = await gw(
      m,
      'POST',
      '/api/biz/host',
      `__proto__=x&host=pp&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d`,
      FORM,
    );
    expect(form.status).toBe(400);
    expect(form.json().error).toBe(
      "body field '__proto__' is refused: understudy does not accept '__proto__' as a name",
    );
    expect(await stateHash(m)).toBe(before);
  });

  it('constructor and prototype are ordinary names: refused where the schema refuses unknown fields, stored where it takes any', async () => {
    const form = await gw(
      m,
      'POST',
      '/api/biz/host',
      `constructor=x&host=pc&status=UP&appType=NAGIOS&agentId=${AGENT}&device=d`,
      FORM,
    );
    expect(form.status).toBe(400);
    expect(form.json().error).toBe("body field 'constructor' is not allowed");
    const json = await gw(
      m,
      'POST',
      '/api/hosts',
      '{"hosts":[{"hostName":"pc","appType":"NAGIOS","deviceIdentification":"d","properties":{"constructor":"c","prototype":"p"}}]}',
    );
    expect(json.status).toBe(200);
    expect((await gw(m, 'GET', '/api/hosts/pc')).json().properties).toMatchObject({ constructor: 'c', prototype: 'p' });
  });
});

describe('XML that no XML parser accepts', () => {
  const host = (attribute: string, prolog = '') =>
    `${prolog}<hosts><host hostName="${attribute}" appType="NAGIOS" deviceIdentification="10.8.1.1"/></hosts>`;
  const cases: Array<[string, string, RegExp]> = [
    ['an undefined entity', host('a&bogus;'), /undefined entity '&bogus;'/],
    [
      'a character reference past U+10FFFF',
      host('b&#x110000;'),
      /character reference '&#x110000;' is not a legal XML character/,
    ],
    [
      'a character reference to a surrogate',
      host('c&#xD800;'),
      /character reference '&#xD800;' is not a legal XML character/,
    ],
    ['a character reference to NUL', host('d&#0;'), /character reference '&#0;' is not a legal XML character/],
    ["a bare '&' in an attribute", host('e & f'), /'&' that starts no reference/],
    [
      'an EBCDIC declaration',
      host('g', '<?xml version="1.0" encoding="EBCDIC"?>'),
      /declaration names encoding 'EBCDIC'/,
    ],
    [
      'a UTF-16 declaration on UTF-8 bytes',
      host('h', '<?xml version="1.0" encoding="UTF-16"?>'),
      /declaration names encoding 'UTF-16'/,
    ],
  ];
  for (const [name, body, message] of cases) {
    it(`${name} is refused with 400 naming the problem`, async () => {
      const before = await stateHash(m);
      const answer = await gw(m, 'POST', '/api/hosts', body, XML);
      expect(answer.status).toBe(400);
      expect(answer.json().error).toMatch(message);
      expect(await stateHash(m)).toBe(before);
    });
  }

  it('character references are decoded (they were left as written), UTF-8 and ASCII declarations and processing instructions are fine', async () => {
    const answer = await gw(
      m,
      'POST',
      '/api/hosts',
      host('r&#65;&#x42;&amp;&lt;&#x1F600;', '<?xml version="1.0" encoding="utf-8"?><?app note?>'),
      XML,
    );
    expect(answer.status).toBe(200);
    expect(answer.json().results[0].entity).toBe('rAB&<😀');
    expect(
      (await gw(m, 'POST', '/api/hosts', host('ascii', '<?xml version="1.0" encoding="US-ASCII"?>'), XML)).status,
    ).toBe(200);
  });
});

describe('numbers JSON cannot write back (issue 14 item 3)', () => {
  it('1e400 in a JSON property is refused naming the field, and the state is unchanged', async () => {
    const before = await stateHash(m);
    for (const [value, field] of [
      ['1e400', 'hosts[0].properties.a'],
      ['-1e400', 'hosts[0].properties.a'],
    ] as const) {
      const answer = await gw(
        m,
        'POST',
        '/api/hosts',
        `{"hosts":[{"hostName":"inf","appType":"NAGIOS","deviceIdentification":"d","properties":{"a":${value}}}]}`,
      );
      expect(answer.status).toBe(400);
      expect(answer.json().error).toBe(
        `body field '${field}' must be a finite number (it is beyond the range of a double, e.g. 1e400)`,
      );
    }
    const nested = await gw(
      m,
      'POST',
      '/api/biz/hosts',
      `{"hosts":[{"host":"inf","status":"UP","appType":"NAGIOS","agentId":"${AGENT}","device":"d","services":[{"service":"s","status":"OK","warningLevel":1e999}]}]}`,
    );
    expect(nested.status).toBe(400);
    expect(nested.json().error).toMatch(
      /^body field 'hosts\[0\]\.services\[0\]\.warningLevel' must be a finite number/,
    );
    expect(await stateHash(m)).toBe(before);
  });

  it('Polarity names the member in JSON:API source.pointer', async () => {
    const res = await fetch(`${m.url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.api+json' },
      body: '{"data":{"attributes":{"identification":"a","password":"b"}},"x":1e400}',
    });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: Array<{ source?: { pointer?: string } }> };
    expect(errors[0]!.source?.pointer).toBe('/x');
  });

  it('1e400 coerced from a form field or a query parameter is refused (ajv let Infinity through as an integer)', async () => {
    const form = await gw(
      m,
      'POST',
      '/api/biz/service',
      `host=h&service=s&status=OK&appType=NAGIOS&agentId=${AGENT}&device=d&warningLevel=1e400`,
      FORM,
    );
    expect(form.status).toBe(400);
    expect(form.json().error).toBe(
      "body field 'warningLevel' must be a finite number (it is beyond the range of a double, e.g. 1e400)",
    );
    const query = await gw(m, 'GET', '/api/hosts?first=1e400');
    expect(query.status).toBe(400);
    expect(query.json().error).toBe(
      "query parameter 'first' must be a finite number (it is beyond the range of a double, e.g. 1e400)",
    );
  });

  it('in XML a property value of 1e400 is the text it is, and survives the state file', async () => {
    const answer = await gw(
      m,
      'POST',
      '/api/hosts',
      '<hosts><host hostName="xinf" appType="NAGIOS" deviceIdentification="d"><properties><property name="a" value="1e400"/></properties></host></hosts>',
      XML,
    );
    expect(answer.status).toBe(200);
    expect((await gw(m, 'GET', '/api/hosts/xinf')).json().properties.a).toBe('1e400');
    const dump = await (await fetch(`${m.url}/__admin/state`)).text();
    const put = await fetch(`${m.url}/__admin/state`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: dump,
    });
    expect(put.status).toBe(200);
  });

  it('no response of the mock broke its spec along the way', () => {
    expect(violations(m.mock)).toEqual([]);
  });
});
