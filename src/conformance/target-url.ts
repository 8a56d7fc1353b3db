/**
 * What is wrong with a base URL given on the command line (`verify --target`, `fuzz --target`,
 * `proxy --upstream`), or undefined when it is an http(s) URL. Found before any request is sent:
 * `localhost:5201` parses as a URL of scheme `localhost:`, and sending to it failed every step of
 * every scenario ("Bad URL protocol") and exited 1, as if the target had broken its contract.
 */
export function urlProblem(flag: string, url: string): string | undefined {
  const example = flag === '--upstream' ? 'https://gw.example.com' : 'http://127.0.0.1:4010';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${flag} '${url}' is not a URL: write it in full, e.g. ${example}`;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return undefined;
  if (/^[^:/]+:\d+(\/|$)/.test(url)) return `${flag} '${url}' has no scheme: write http://${url} (or https://${url})`;
  return `${flag} '${url}': the scheme must be http:// or https://, not ${parsed.protocol}// (e.g. ${example})`;
}
