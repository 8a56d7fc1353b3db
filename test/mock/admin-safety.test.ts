// /__admin is for the developer, not for web pages or the network: a cross-origin page cannot
// reset or load state/faults (Origin, Content-Type), a DNS-rebinding page cannot read the state
// (Host), a mock bound beyond loopback is never open (a token, generated if none is given), and the
// dashboard page itself sits behind the token.
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { MockServer, defaultOptions } from '../../src/mock/server.js';
import { exited, spawnMock } from '../helpers/cli.js';
import { startMock, type RunningMock } from '../helpers/mock.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over node:http, so Host, Origin and Content-Type go out exactly as written. */
function send(url: string, method: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const errorOf = (answer: Answer) => (JSON.parse(answer.body) as { error: string }).error;

let m: RunningMock;
const integrationName = () =>
  (
    m.mock.dumpState() as { moogsoft: { integrations: Array<{ id: number; name: string }> } }
  ).moogsoft.integrations.find((i) => i.id === 6)!.name;

/** A change a reset would undo, so a refused reset is seen to change nothing. */
function rename(name: string): void {
  const dump = m.mock.dumpState() as { moogsoft: { integrations: Array<{ id: number; name: string }> } };
  dump.moogsoft.integrations.find((i) => i.id === 6)!.name = name;
  m.mock.loadState(dump);
}

describe('admin API on loopback without a token', () => {
  beforeAll(async () => {
    m = await startMock({ vendors: ['moogsoft'] });
    return () => m.close();
  });

  it('refuses a reset from a page of another origin ("simple" request: Origin + text/plain, no preflight)', async () => {
    rename('Edited');
    const answer = await send(
      `${m.url}/__admin/reset`,
      'POST',
      { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      'x',
    );
    expect(answer.status).toBe(403);
    expect(errorOf(answer)).toMatch(/does not answer web pages of other origins \(Origin 'https:\/\/evil\.example'\)/);
    expect(integrationName()).toBe('Edited');
    // A bodiless POST from another origin (fetch with mode: 'no-cors') is refused the same way.
    expect((await send(`${m.url}/__admin/reset`, 'POST', { Origin: 'http://localhost:3000' })).status).toBe(403);
    expect(integrationName()).toBe('Edited');
  });

  it('refuses admin writes whose body is not JSON, and says what to send', async () => {
    rename('Edited');
    const reset = await send(`${m.url}/__admin/reset`, 'POST', { 'Content-Type': 'text/plain' }, '');
    expect(reset.status).toBe(415);
    expect(errorOf(reset)).toMatch(/admin writes take JSON: send the body with Content-Type: application\/json/);
    expect(integrationName()).toBe('Edited');

    const dump = JSON.stringify({
      moogsoft: { ...(m.mock.dumpState() as { moogsoft: object }).moogsoft, integrations: [] },
    });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const state = await send(`${m.url}/__admin/state`, 'PUT', { 'Content-Type': type }, dump);
      expect(state.status, type).toBe(415);
      const faults = await send(
        `${m.url}/__admin/faults`,
        'PUT',
        { 'Content-Type': type },
        '{"enabled":true,"rules":[{"errorRate":1}]}',
      );
      expect(faults.status, type).toBe(415);
    }
    // A body without any Content-Type is not JSON either.
    expect(
      (await send(`${m.url}/__admin/faults`, 'PUT', {}, '{"enabled":true,"rules":[{"errorRate":1}]}')).status,
    ).toBe(415);
    expect(integrationName()).toBe('Edited');
    expect(m.mock.faults.current.enabled).toBe(false);
  });

  it('still takes JSON writes and bodiless resets from scripts, and its own pages', async () => {
    rename('Edited');
    expect((await send(`${m.url}/__admin/reset`, 'POST')).status).toBe(200);
    expect(integrationName()).not.toBe('Edited');
    const own = new URL(m.url).host;
    const put = await send(
      `${m.url}/__admin/faults`,
      'PUT',
      { Origin: `http://${own}`, 'Content-Type': 'application/json; charset=utf-8' },
      '{"enabled":false,"rules":[]}',
    );
    expect(put.status).toBe(200);
    expect((await send(`${m.url}/__admin/faults`, 'DELETE', { Origin: `http://${own}` })).status).toBe(204);
  });

  it('refuses a Host that is not an address or a loopback name (DNS rebinding)', async () => {
    const port = new URL(m.url).port;
    const rebound = await send(`${m.url}/__admin/state`, 'GET', { Host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(errorOf(rebound)).toMatch(
      /not to Host 'evil\.example:\d+': if that name is yours, start the mock with --admin-allow-host evil\.example/,
    );
    expect(rebound.body).not.toContain('integrations');
    // The dashboard and the live feed too.
    expect((await send(`${m.url}/__admin/ui`, 'GET', { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await send(`${m.url}/__admin/events`, 'GET', { Host: `evil.example:${port}` })).status).toBe(403);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `app.localhost:${port}`,
      `[::1]:${port}`,
      `10.1.2.3:${port}`,
    ]) {
      expect((await send(`${m.url}/__admin/health`, 'GET', { Host: host })).status, host).toBe(200);
    }
    // Vendor paths answer whatever the Host: they are for everyone.
    expect(
      (await send(`${m.url}/integrations/api/v1/integrations`, 'GET', { Host: `evil.example:${port}` })).status,
    ).toBe(401);
  });

  it('serves no dashboard file named after an Object property (404, not 500)', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      const answer = await send(`${m.url}/__admin/ui/${name}`, 'GET');
      expect(answer.status, name).toBe(404);
    }
  });
});

describe('--admin-allow-host', () => {
  it('adds names, and .domain for its subdomains', async () => {
    const allowed = await startMock({ vendors: ['moogsoft'], admin: { allowHosts: ['mock.test', '.corp.example'] } });
    try {
      const port = new URL(allowed.url).port;
      for (const host of ['mock.test', 'dev.corp.example', 'corp.example']) {
        expect((await send(`${allowed.url}/__admin/health`, 'GET', { Host: `${host}:${port}` })).status, host).toBe(
          200,
        );
      }
      expect((await send(`${allowed.url}/__admin/health`, 'GET', { Host: `evil.example:${port}` })).status).toBe(403);
      expect(
        (await send(`${allowed.url}/__admin/health`, 'GET', { Host: `mock.test.evil.example:${port}` })).status,
      ).toBe(403);
    } finally {
      await allowed.close();
    }
  });

  it('* turns the check off (behind a proxy that rewrites Host)', async () => {
    const any = await startMock({ vendors: ['moogsoft'], admin: { allowHosts: ['*'] } });
    try {
      const port = new URL(any.url).port;
      expect((await send(`${any.url}/__admin/health`, 'GET', { Host: `evil.example:${port}` })).status).toBe(200);
    } finally {
      await any.close();
    }
  });
});

describe('the dashboard with an admin token', () => {
  let secured: RunningMock;
  beforeAll(async () => {
    secured = await startMock({ vendors: ['moogsoft'], admin: { token: 'dash-s3cret' } });
    return () => secured.close();
  });

  it('answers its page only with the token; ?token= once buys an HttpOnly, SameSite=Strict cookie', async () => {
    const page = await send(`${secured.url}/__admin/ui`, 'GET');
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('name="token"');
    expect(page.body).not.toContain('<script');
    expect((await send(`${secured.url}/__admin/ui/app.js`, 'GET')).status).toBe(401);

    const wrong = await send(`${secured.url}/__admin/ui?token=guess`, 'GET');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('not this mock');

    const granted = await send(`${secured.url}/__admin/ui?token=dash-s3cret`, 'GET');
    expect(granted.status).toBe(303);
    expect(granted.headers.location).toBe('/__admin/ui');
    const cookie = String(granted.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/__admin/);
    expect(cookie).not.toContain('dash-s3cret');
    const session = cookie.split(';')[0]!;

    expect((await send(`${secured.url}/__admin/ui`, 'GET', { Cookie: session })).status).toBe(200);
    expect((await send(`${secured.url}/__admin/ui/app.js`, 'GET', { Cookie: session })).status).toBe(200);
    expect((await send(`${secured.url}/__admin/state`, 'GET', { Cookie: session })).status).toBe(200);
    expect((await send(`${secured.url}/__admin/state`, 'GET', { Cookie: `${session}x` })).status).toBe(401);
    expect((await send(`${secured.url}/__admin/state`, 'GET')).status).toBe(401);
    // The token never reaches the journal (which the dashboard shows).
    expect(JSON.stringify(secured.mock.journal.list())).not.toContain('dash-s3cret');
  });

  it('still refuses a cross-origin write that carries the cookie (a same-site page on another port sends it)', async () => {
    const session = String(
      (await send(`${secured.url}/__admin/ui?token=dash-s3cret`, 'GET')).headers['set-cookie'],
    ).split(';')[0]!;
    const answer = await send(`${secured.url}/__admin/reset`, 'POST', {
      Cookie: session,
      Origin: 'http://127.0.0.1:3000',
      'Content-Type': 'text/plain',
    });
    expect(answer.status).toBe(403);
  });
});

describe('bound beyond loopback', () => {
  it('generates an admin token when none is given: nothing of /__admin answers without it', async () => {
    const wide = new MockServer(defaultOptions({ vendors: ['moogsoft'] }));
    const url = (await wide.listen(0, '0.0.0.0')).replace('0.0.0.0', '127.0.0.1');
    try {
      expect(wide.admin.tokenGenerated).toBe(true);
      expect(wide.admin.token).toMatch(/^[\w-]{32}$/);
      for (const [method, path] of [
        ['POST', '/__admin/reset'],
        ['GET', '/__admin/state'],
        ['PUT', '/__admin/faults'],
        ['GET', '/__admin/requests'],
      ] as const) {
        const answer = await send(
          `${url}${path}`,
          method,
          method === 'PUT' ? { 'Content-Type': 'application/json' } : {},
          method === 'PUT' ? '{"enabled":true,"rules":[{"errorRate":1}]}' : undefined,
        );
        expect(answer.status, path).toBe(401);
        expect(errorOf(answer)).toMatch(/send Authorization: Bearer <admin token>/);
      }
      expect(wide.faults.current.enabled).toBe(false);
      expect((await send(`${url}/__admin/state`, 'GET', { Authorization: `Bearer ${wide.admin.token}` })).status).toBe(
        200,
      );
    } finally {
      await wide.close();
    }
  });

  it('prints the generated token in the banner; UNDERSTUDY_ADMIN_TOKEN sets it instead', async () => {
    const generated = await spawnMock(['--vendors', 'moogsoft', '--host', '0.0.0.0']);
    try {
      const url = generated.url.replace('0.0.0.0', '127.0.0.1');
      // The banner's lines follow the one spawnMock waits for.
      await expect.poll(() => generated.output()).toContain('/__admin/ui?token=');
      const printed = /this run's is (\S+)/.exec(generated.output())?.[1];
      expect(printed, generated.output()).toMatch(/^[\w-]{32}$/);
      expect(generated.output()).toContain(`/__admin/ui?token=${printed}`);
      expect((await send(`${url}/__admin/health`, 'GET')).status).toBe(401);
      expect((await send(`${url}/__admin/health`, 'GET', { 'X-Admin-Token': printed! })).status).toBe(200);
    } finally {
      generated.child.kill('SIGTERM');
      await exited(generated.child);
    }

    const chosen = await spawnMock(['--vendors', 'moogsoft', '--host', '0.0.0.0'], {
      UNDERSTUDY_ADMIN_TOKEN: 'from-the-env',
    });
    try {
      const url = chosen.url.replace('0.0.0.0', '127.0.0.1');
      await expect.poll(() => chosen.output()).toContain('dashboard:');
      expect(chosen.output()).not.toContain("this run's is");
      expect(chosen.output()).not.toContain('from-the-env');
      expect((await send(`${url}/__admin/health`, 'GET')).status).toBe(401);
      expect((await send(`${url}/__admin/health`, 'GET', { Authorization: 'Bearer from-the-env' })).status).toBe(200);
    } finally {
      chosen.child.kill('SIGTERM');
      await exited(chosen.child);
    }
  });
});
