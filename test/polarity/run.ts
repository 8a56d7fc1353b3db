// Runs the seed's curl commands and Python snippets against a running mock, as child processes
// started asynchronously: the mock is served by the test's own event loop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HOST_CURL, HOST_PYTHON } from './seed.js';

const exec = promisify(execFile);

/** The command as written, through sh (its `\` line continuations included), pointed at `url`. */
export async function runCurl(url: string, command: string): Promise<{ status: number; body: unknown }> {
  const line = command.replaceAll(HOST_CURL, url).replaceAll('<AUTH_TOKEN>', 'my-auth-token');
  const { stdout, stderr } = await exec('sh', ['-c', line]);
  // `-v` prints the status line to stderr as `< HTTP/1.1 200 OK`.
  // Not anchored: on a busy machine curl's progress meter can share the line.
  const status = Number(/< HTTP\/[\d.]+ (\d{3})/.exec(stderr)?.[1]);
  return { status, body: JSON.parse(stdout) as unknown };
}

/** What one snippet did: the value it assigned last, or the traceback it failed with. */
export type SnippetResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Each snippet as written, pointed at `url`, run in ONE Python process, each with globals of its own
 * (as `python3 -c snippet` would give it): an interpreter and `requests` start once, not once per
 * snippet (~0.5 s of CPU each). A snippet's result is the variable its last line assigns.
 */
export async function runPythonSnippets(
  url: string,
  snippets: Record<string, string>,
): Promise<Record<string, SnippetResult>> {
  const program = [
    'import json, sys, traceback',
    'snippets = json.loads(sys.stdin.read())',
    'results = {}',
    'for name, (code, variable) in snippets.items():',
    "    scope = {'__name__': '__main__'}",
    '    try:',
    "        exec(compile(code, '<' + name + '>', 'exec'), scope)",
    "        results[name] = {'ok': True, 'value': scope[variable]}",
    '    except Exception:',
    "        results[name] = {'ok': False, 'error': traceback.format_exc()}",
    'print(json.dumps(results))',
  ].join('\n');
  const input = Object.fromEntries(
    Object.entries(snippets).map(([name, snippet]) => {
      const variable = /^(\w+) = \w+\(/m.exec(snippet.split('\n').at(-1) ?? '')?.[1];
      if (!variable) throw new Error(`${name}: the snippet does not end by assigning a call`);
      return [name, [snippet.replaceAll(HOST_PYTHON, url), variable]];
    }),
  );
  const child = execFile('python3', ['-c', program], { maxBuffer: 64 * 1024 * 1024 });
  child.stdin?.end(JSON.stringify(input));
  const stdout = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python3 exited ${code}: ${err}`))));
  });
  return JSON.parse(stdout) as Record<string, SnippetResult>;
}
