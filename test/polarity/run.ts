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

/** The snippet as written, pointed at `url`; prints the variable it assigns last as JSON. */
export async function runPython(url: string, snippet: string): Promise<unknown> {
  const variable = /^(\w+) = \w+\(/m.exec(snippet.split('\n').at(-1) ?? '')?.[1];
  if (!variable) throw new Error('the snippet does not end by assigning a call');
  const script = `${snippet.replaceAll(HOST_PYTHON, url)}\nprint(json.dumps(${variable}))`;
  const { stdout } = await exec('python3', ['-c', script]);
  return JSON.parse(stdout) as unknown;
}

/** The snippet as written; resolves to what Python printed on stderr when it fails. */
export async function pythonFailure(url: string, snippet: string): Promise<string> {
  try {
    await exec('python3', ['-c', snippet.replaceAll(HOST_PYTHON, url)]);
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error('the snippet was expected to fail');
}
