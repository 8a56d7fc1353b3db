// Credentials and ids come from --credentials or the environment; what the selected suites need
// and do not get is named before anything is sent, with where to put it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialsError, loadCredentials } from '../../src/conformance/credentials.js';

const DEFAULT_CREDENTIALS = loadCredentials(undefined, {});
import { loadScenarios } from '../../src/conformance/load-scenarios.js';
import { requireCredentials } from '../../src/conformance/required-credentials.js';
import { SCENARIOS_DIR } from '../../src/spec/paths.js';
import { runInProcess } from '../helpers/cli.js';

const { scenarios } = loadScenarios(SCENARIOS_DIR);
const boomi = scenarios.filter((s) => s.vendor === 'boomi');

describe('credentials the suites need', () => {
  it("the defaults (the mock's) hold everything", () => {
    expect(() => requireCredentials(loadCredentials(undefined, {}), scenarios)).not.toThrow();
  });

  it('names a Boomi container id missing from the environment, and where to set it', () => {
    const env = {
      UNDERSTUDY_BOOMI_USER: 'BOOMI_TOKEN.me@example.com',
      UNDERSTUDY_BOOMI_PASSWORD: 'p',
      UNDERSTUDY_BOOMI_ACCOUNT_ID: 'acct',
    };
    const error = (() => {
      try {
        requireCredentials(loadCredentials(undefined, env), boomi);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error!.message).toMatch(
      /boomi\.containerId \(a Boomi Runtime container whose listeners the suites query, pause and resume; boomi\/[\w-]+\.yaml uses \{\{containerId\}\}\): add "containerId" under "boomi" in the --credentials file, or set UNDERSTUDY_BOOMI_CONTAINER_ID/,
    );
    expect(error!.message).not.toMatch(/accountId|boomi\.user|boomi\.password/);
    expect(() =>
      requireCredentials(loadCredentials(undefined, { ...env, UNDERSTUDY_BOOMI_CONTAINER_ID: 'c-1' }), boomi),
    ).not.toThrow();
  });

  it('names what authentication needs: a password for HTTP Basic, a token or what the login sends', () => {
    const moogsoft = scenarios.filter((s) => s.vendor === 'moogsoft');
    expect(() => requireCredentials({ ...DEFAULT_CREDENTIALS, moogsoft: { user: 'ops' } }, moogsoft)).toThrow(
      /moogsoft\.password \(that user's password; to authenticate\)/,
    );
    const polarity = scenarios.filter((s) => s.vendor === 'polarity' && s.file !== 'polarity/login.yaml');
    expect(() => requireCredentials({ ...DEFAULT_CREDENTIALS, polarity: { token: 't' } }, polarity)).not.toThrow();
    expect(() => requireCredentials({ ...DEFAULT_CREDENTIALS, polarity: {} }, polarity)).toThrow(
      /polarity\.user .*polarity\.password/s,
    );
  });

  it('verify exits 2 and says so, before it sends anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'understudy-creds-'));
    const file = join(dir, 'creds.json');
    writeFileSync(
      file,
      JSON.stringify({ boomi: { user: 'BOOMI_TOKEN.me@example.com', password: 'p', accountId: 'acct' } }),
    );
    // Nothing listens on port 9: had verify sent a request, it would say the target is unreachable.
    const ran = await runInProcess([
      'verify',
      '--target',
      'http://127.0.0.1:9',
      '--vendor',
      'boomi',
      '--credentials',
      file,
      '--format',
      'json',
      '--report-dir',
      dir,
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(
      /understudy verify: the credentials lack what the selected suites need:\n {2}- boomi\.containerId/,
    );
  }, 60_000);
});
