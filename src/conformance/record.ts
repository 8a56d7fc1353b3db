import type { HttpRequest, HttpResponse } from './http.js';
import type { RecordedRequest, RecordedResponse } from './results.js';

/** Reports are shared (CI artifacts, PR comments): they never carry a credential. */
export function redactor(secrets: string[]): (text: string) => string {
  const usable = secrets.filter((s) => s.length >= 3);
  return (text) => usable.reduce((out, secret) => out.split(secret).join('***'), text);
}

const MAX_BODY = 16 * 1024;

function cut(text: string): string {
  return text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}\n… (${text.length - MAX_BODY} more characters)` : text;
}

export function recordRequest(request: HttpRequest, redact: (text: string) => string): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // The scheme stays readable ("Basic", "Bearer"); the credential does not.
    headers[name] = name.toLowerCase() === 'authorization' ? `${value.split(' ')[0]} ***` : redact(value);
  }
  return {
    method: request.method,
    url: redact(request.url),
    headers,
    ...(request.body !== undefined ? { body: cut(redact(request.body)) } : {}),
  };
}

export function recordResponse(response: HttpResponse, redact: (text: string) => string): RecordedResponse {
  return {
    status: response.status,
    headers: response.headers,
    body: cut(redact(response.text)),
    durationMs: response.durationMs,
  };
}
