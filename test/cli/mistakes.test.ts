// The command line catches mistakes before anything runs: each exits 2 with a message that says what
// to write instead (issue 15 §3), and the mock's banner says where its state came from.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { urlProblem } from '../../src/conformance/target-url.js';
import { closest } from '../../src/common/did-you-mean.js';
import { VendorOptionsError, vendorOptionsFrom } from '../../src/mock/vendor-options.js';
import { PACKAGE_ROOT } from '../../src/spec/paths.js';
import { vendorNames } from '../../src/vendors/registry.js';
import { vendorModule } from '../../src/vendors/index.js';
import { BROKER_C } from '../../src/vendors/moogsoft/state.js';
import { exited, runCli, runInProcess, spawnMock, type CliMock } from '../helpers/cli.js';
import { basic } from '../helpers/mock.js';

const dir = mkdtempSync(join(tmpdir(), 'understudy-cli-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

function optionsError(sets: string[], path?: string): string {
  try {
    vendorOptionsFrom(sets, path);
  } catch (error) {
    expect(error).toBeInstanceOf(VendorOptionsError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${sets.join(' ')} ${path ?? ''}`);
}

describe('vendor options are checked against each vendor module’s schema', () => {
  it('an unknown option gets a did-you-mean and the list of options', () => {
    expect(optionsError(['groundwork.pasword=x'])).toBe(
      "--set groundwork.pasword=x: unknown option (did you mean 'password'?); groundwork's options are user, password, token, autocompleteLimit, tokenIdleSeconds, maxSessions",
    );
    expect(optionsError(['boomi.colour=red'])).toMatch(
      /^--set boomi.colour=red: unknown option; boomi's options are user, token/,
    );
  });

  it('a wrong type names the type expected', () => {
    expect(optionsError(['boomi.pendingPolls=abc'])).toMatch(
      /boomi.pendingPolls=abc: must be a whole number ≥ 0, not "abc"/,
    );
    expect(optionsError(['boomi.pendingPolls=-3'])).toMatch(/must be a whole number ≥ 0, not -3/);
    expect(optionsError(['boomi.busy=maybe'])).toMatch(/boomi.busy=maybe: must be true or false, not "maybe"/);
    expect(optionsError(['polarity.tokenTtlSeconds=1.5'])).toMatch(/must be a whole number ≥ 1/);
  });

  it('an empty credential is refused', () => {
    expect(optionsError(['groundwork.password='])).toMatch(/groundwork.password=: must not be empty/);
    expect(optionsError(['moogsoft.user='])).toMatch(/must not be empty/);
  });

  it('an unknown vendor gets a did-you-mean; a malformed --set shows the form', () => {
    expect(optionsError(['groundwrk.password=x'])).toMatch(
      /unknown vendor 'groundwrk' \(did you mean 'groundwork'\?\)/,
    );
    expect(optionsError(['password=x'])).toMatch(/write it as vendor.option=value/);
  });

  it('a --vendor-options file is checked the same way, naming the file, without reading text as numbers', () => {
    const path = file('options.json', '{"groundwork": {"pasword": "x"}, "boomi": {"pendingPolls": "2"}}');
    const message = optionsError([], path);
    expect(message).toContain(
      `--vendor-options ${path}: groundwork.pasword: unknown option (did you mean 'password'?)`,
    );
    expect(optionsError([], file('list.json', '[]'))).toMatch(
      /list.json: write it as \{"vendor": \{"option": value\}\}/,
    );
    expect(optionsError([], file('bad.json', '{'))).toMatch(/bad.json: .*JSON/);
  });

  it('good options come out typed, --set over the file', () => {
    const path = file('good.json', '{"boomi": {"pendingPolls": 2, "busy": true}}');
    expect(vendorOptionsFrom(['boomi.pendingPolls=3', 'groundwork.password=123', 'boomi.busy=false'], path)).toEqual({
      boomi: { pendingPolls: 3, busy: false },
      groundwork: { password: '123' },
    });
  });

  it('the README lists every vendor option the schemas define, and no other', () => {
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const line = /Vendor options \(`--set`\): (.*?)\.?\n\n/s.exec(readme)?.[1]?.replace(/\s+/g, ' ');
    expect(line).toBeDefined();
    const listed = Object.fromEntries([...line!.matchAll(/`(\w+)\.([\w|]+)`/g)].map((m) => [m[1], m[2]!.split('|')]));
    expect(listed).toEqual(
      Object.fromEntries(vendorNames().map((v) => [v, Object.keys(vendorModule(v).options.properties)])),
    );
  });
});

describe('target URLs are checked before anything is sent', () => {
  it('a URL without a scheme, or with a misspelt one, is named with the fix', () => {
    expect(urlProblem('--target', 'localhost:5201')).toBe(
      "--target 'localhost:5201' has no scheme: write http://localhost:5201 (or https://localhost:5201)",
    );
    expect(urlProblem('--target', 'htp://127.0.0.1:4010')).toMatch(
      /scheme must be http:\/\/ or https:\/\/, not htp:\/\//,
    );
    expect(urlProblem('--target', 'nonsense')).toMatch(/is not a URL: write it in full/);
    expect(urlProblem('--target', 'http://127.0.0.1:4010')).toBeUndefined();
    expect(urlProblem('--upstream', 'https://gw.example.com/foundation-webapp')).toBeUndefined();
  });

  it('did-you-mean proposes only near misses', () => {
    expect(closest('pasword', ['user', 'password'])).toBe('password');
    expect(closest('PendingPoll', ['pendingPolls', 'busy'])).toBe('pendingPolls');
    expect(closest('colour', ['user', 'token', 'busy'])).toBeUndefined();
  });
});

const busy = createServer();
const busyPort = new Promise<number>((resolve) =>
  busy.listen(0, '127.0.0.1', () => resolve((busy.address() as AddressInfo).port)),
);
afterAll(() => busy.close());

// Each mistake runs in-process, through what dist/cli.js runs (runUnderstudy), which answers the exit
// status and output the process ends with; the spawned runs below prove that it does.
type Mistake = [name: string, args: () => string[] | Promise<string[]>, message: RegExp];

/** Each mistake, the arguments that make it and the message it must print. */
const MISTAKES: Mistake[] = [
  ['an unknown command', () => ['mok'], /unknown command 'mok'[\s\S]*Did you mean mock\?/],
  ['mock --port abc', () => ['mock', '--port', 'abc'], /argument 'abc' is invalid\. a port is a whole number/],
  ['--set with a misspelt option', () => ['mock', '--set', 'groundwork.pasword=x'], /did you mean 'password'\?/],
  [
    '--set with an empty password',
    () => ['mock', '--set', 'moogsoft.password='],
    /moogsoft.password=: must not be empty/,
  ],
  [
    '--vendor-options with a misspelt option',
    () => ['mock', '--vendor-options', file('typo.json', '{"boomi": {"pendingPoll": 2}}')],
    /boomi.pendingPoll: unknown option \(did you mean 'pendingPolls'\?\)/,
  ],
  [
    'a state file holding []',
    () => ['mock', '--state-file', file('state.json', '[]')],
    /state.json holds a list, not a state file/,
  ],
  [
    'a state file in a directory that does not exist',
    () => ['mock', '--state-file', join(dir, 'nowhere', 'state.json')],
    /the directory .*nowhere does not exist; create it first \(mkdir -p/,
  ],
  [
    '--faults with a bad file',
    () => ['mock', '--faults', file('bad-faults.json', '{"rules": [{"errorRate": 7}]}')],
    /--faults .*bad-faults.json: rules\[0\]\.errorRate must be a number from 0 to 1/,
  ],
  ['--faults with no file', () => ['mock', '--faults', join(dir, 'missing.json')], /--faults .*missing.json: ENOENT/],
  [
    'a port in use',
    async () => ['mock', '--port', String(await busyPort)],
    /is in use \(another understudy mock\?\): choose another port with --port <n>, or --port 0/,
  ],
  [
    'verify --target without a scheme',
    () => ['verify', '--target', 'localhost:5201'],
    /--target 'localhost:5201' has no scheme: write http:\/\/localhost:5201/,
  ],
  ['verify --target with a misspelt scheme', () => ['verify', '--target', 'htp://127.0.0.1:4010'], /not htp:\/\//],
  ['fuzz --target without a scheme', () => ['fuzz', '--target', 'localhost:5201'], /has no scheme/],
  [
    // The README's "2 usage/connection error" for verify (fuzz's is test/fuzz/cli.test.ts's).
    'verify, a target that does not answer',
    () => ['verify', '--target', 'http://127.0.0.1:9', '--vendor', 'moogsoft'],
    /cannot reach http:\/\/127\.0\.0\.1:9: connection refused/,
  ],
  [
    'an unknown vendor',
    () => ['verify', '--target', 'http://127.0.0.1:9', '--vendors', 'groundwrk'],
    /unknown vendor 'groundwrk' \(did you mean 'groundwork'\?\): choose from/,
  ],
  [
    'mock, an unknown vendor',
    () => ['mock', '--vendors', 'moogsft'],
    /unknown vendor 'moogsft' \(did you mean 'moogsoft'\?\)/,
  ],
  [
    'fuzz, an unknown vendor',
    () => ['fuzz', '--target', 'http://127.0.0.1:9', '--vendor', 'polarty'],
    /unknown vendor 'polarty' \(did you mean 'polarity'\?\)/,
  ],
  [
    'proxy, an unknown vendor',
    () => ['proxy', '--vendor', 'boom', '--upstream', 'http://127.0.0.1:9'],
    /unknown vendor 'boom' \(did you mean 'boomi'\?\)/,
  ],
  [
    'a vendor nothing is near',
    () => ['verify', '--target', 'http://127.0.0.1:9', '--vendor', 'nagios'],
    /unknown vendor 'nagios': choose from groundwork, moogsoft, polarity, boomi/,
  ],
];

describe('every mistake exits 2 with a message, at once', () => {
  it.each(MISTAKES)('%s', async (_name, args, message) => {
    const ran = await runInProcess(await args());
    expect(ran.stderr).toMatch(message);
    expect(ran.code).toBe(2);
  });

  it('an unknown command is matched against the name of every command', async () => {
    for (const [typed, meant] of [
      ['mok', 'mock'],
      ['verfy', 'verify'],
      ['fuz', 'fuzz'],
      ['reprot', 'report'],
      ['fixture', 'fixtures'],
      ['proxi', 'proxy'],
    ]) {
      const ran = await runInProcess([typed!]);
      expect(ran.stderr).toMatch(new RegExp(`unknown command '${typed}'[\\s\\S]*Did you mean ${meant}\\?`));
      expect(ran.code).toBe(2);
    }
    expect(await runInProcess(['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('help still lists every command with its description, and exits 0', async () => {
    const help = await runInProcess(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['mock', 'verify', 'fuzz', 'report', 'fixtures', 'proxy'])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} \\[options\\].* {2}\\w`));
    const none = await runInProcess([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('serve every vendor at its documented paths');
  });
});

describe('the process exits 2 with the message, at once', () => {
  // Three kinds: a mistake commander finds before any command module is loaded; one an action throws
  // with a server already built (the process must exit, not wait for it); one an action answers
  // (verify's status). Every other mistake takes one of these paths, in-process above.
  const SPAWNED = ['an unknown command', 'a port in use', 'verify --target without a scheme'];
  const spawned = MISTAKES.filter(([name]) => SPAWNED.includes(name));
  it('spawns the three it names', () => expect(spawned.map(([name]) => name)).toEqual(SPAWNED));
  it.concurrent.each(spawned)(
    '%s',
    async (_name, args, message) => {
      const ran = await runCli(await args());
      expect(ran.stderr).toMatch(message);
      expect(ran.code).toBe(2);
    },
    60_000,
  );
});

/** The banner is written in several lines; its last one says how responses are checked. */
async function banner(mock: CliMock): Promise<void> {
  while (!/every response is checked/.test(mock.output())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the banner, and both spellings of the vendor filter', () => {
  let mock: CliMock | undefined;
  afterAll(async () => {
    mock?.child.kill('SIGTERM');
    if (mock) await exited(mock.child);
  });

  it('says where the state came from and prints the dashboard; --vendor and --vendors both filter; --admin-port', async () => {
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const stateFile = join(stateDir, 'moogsoft.json');
    const fresh = await spawnMock(['--vendor', 'moogsoft', '--state-file', stateFile]);
    await banner(fresh);
    expect(fresh.output()).toMatch(/fixtures: default/);
    expect(fresh.output()).toContain(`state is kept in ${stateFile} (a new file: started from the fixtures)`);
    expect(fresh.output()).toContain(`dashboard: ${fresh.url}/__admin/ui`);
    // Where the vendor lives and its demo credentials, as the README's table says `npm start` prints them.
    expect(fresh.output()).toMatch(
      new RegExp(
        `^ +Moogsoft AIOps +${fresh.url.replace(/\./g, '\\.')}/integrations/api/v1/ +HTTP Basic John\\.Doe:MyPassword$`,
        'm',
      ),
    );
    // A change, so that the graceful stop writes the file.
    const change = await fetch(`${fresh.url}/integrations/api/v1/integrations/7/status`, {
      method: 'PUT',
      headers: { authorization: basic('John.Doe', 'MyPassword'), 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'start', target: BROKER_C }),
    });
    expect(change.status).toBe(204);
    fresh.child.kill('SIGTERM');
    await exited(fresh.child);

    // --admin-port moves /__admin to a port of its own (the banner says where); verify needs none of it.
    mock = await spawnMock(['--vendors', 'moogsoft', '--state-file', stateFile, '--admin-port', '0']);
    await banner(mock);
    expect(mock.output()).toContain(`(ready in`);
    const admin = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\/__admin\/ui/.exec(mock.output())![1]!;
    expect(admin).not.toBe(mock.url);
    expect((await fetch(`${admin}/__admin/health`)).status).toBe(200);
    expect((await fetch(`${mock.url}/__admin/health`)).status).toBe(404);
    expect(mock.output()).toMatch(new RegExp(`state loaded from ${stateFile.replace(/[/.]/g, '\\$&')}\\)`));
    expect(mock.output()).not.toMatch(/GroundWork|Polarity|Boomi/);
    const verified = await runCli([
      'verify',
      '--target',
      mock.url,
      '--vendors',
      'moogsoft',
      '--format',
      'json',
      '--report-dir',
      join(dir, 'reports'),
    ]);
    expect(verified.code).toBe(0);
    expect(verified.stderr).not.toMatch(/groundwork|polarity|boomi/);
  }, 90_000);
});
