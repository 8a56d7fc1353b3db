import type { HttpRequest } from '../conformance/http.js';

/**
 * Every failure is printed as a curl command that sends the same request again. Secrets never
 * appear: a credential is written as the environment variable understudy reads it from
 * (`"$UNDERSTUDY_MOOGSOFT_PASSWORD"`), unless the run used the mock's default demo credentials,
 * which are shown as they are (they are in the README anyway).
 */

export interface Placeholder {
  /** The secret as sent. */
  value: string;
  /** The environment variable that holds it, e.g. `UNDERSTUDY_GROUNDWORK_TOKEN`. */
  env: string;
}

const MAX_INLINE_BODY = 64 * 1024;
const MIN_RUN = 4096;

/** A single-quoted shell word; text with control characters uses bash's $'…' quoting. */
function quote(text: string): string {
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    const escaped = text
      .replace(/[\\']/g, (c) => `\\${c}`)
      .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return `$'${escaped}'`;
  }
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A shell word in which each secret becomes "$VARIABLE" and everything else is quoted. */
export function shellWord(text: string, placeholders: readonly Placeholder[]): string {
  const usable = placeholders.filter((p) => p.value.length >= 3).sort((a, b) => b.value.length - a.value.length);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    let best: { at: number; p: Placeholder } | undefined;
    for (const p of usable) {
      const at = rest.indexOf(p.value);
      if (at !== -1 && (!best || at < best.at)) best = { at, p };
    }
    if (!best) {
      parts.push(quote(rest));
      break;
    }
    if (best.at > 0) parts.push(quote(rest.slice(0, best.at)));
    parts.push(`"$${best.p.env}"`);
    rest = rest.slice(best.at + best.p.value.length);
  }
  return parts.length === 0 ? "''" : parts.join('');
}

function bodyArgument(body: string, placeholders: readonly Placeholder[]): string {
  if (body.length <= MAX_INLINE_BODY) return `--data-binary ${shellWord(body, placeholders)}`;
  // Oversized bodies are mostly one repeated character: rebuild them in the shell, byte for byte.
  let best = { start: 0, length: 0 };
  for (let i = 0; i < body.length;) {
    let j = i + 1;
    while (j < body.length && body[j] === body[i]) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const char = body[best.start] ?? '';
  const prefix = body.slice(0, best.start);
  const suffix = body.slice(best.start + best.length);
  if (
    best.length >= MIN_RUN &&
    prefix.length + suffix.length <= MAX_INLINE_BODY &&
    char.charCodeAt(0) < 0x80 &&
    char !== "'" &&
    char !== '\\'
  ) {
    const pieces = [
      prefix ? `printf %s ${shellWord(prefix, placeholders)}; ` : '',
      `head -c ${best.length} /dev/zero | tr '\\0' ${quote(char)}`,
      suffix ? `; printf %s ${shellWord(suffix, placeholders)}` : '',
    ];
    return `--data-binary @<(${pieces.join('')})`;
  }
  return `--data-binary @body.txt  # body of ${Buffer.byteLength(body)} bytes not shown`;
}

/** `curl …` for a request, credentials as placeholders. */
export function curlCommand(request: HttpRequest, placeholders: readonly Placeholder[] = []): string {
  const args = ['curl', '-sS', '-i', '-X', request.method.toUpperCase(), shellWord(request.url, placeholders)];
  let hasAccept = false;
  let hasContentType = false;
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'accept') hasAccept = true;
    if (lower === 'content-type') hasContentType = true;
    const basic = lower === 'authorization' ? /^Basic\s+(.+)$/i.exec(value) : null;
    if (basic) {
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      if (decoded.includes(':')) {
        args.push('-u', shellWord(decoded, placeholders));
        continue;
      }
    }
    args.push('-H', shellWord(`${name}: ${value}`, placeholders));
  }
  // curl sends `Accept: */*` and, with a body, a form Content-Type unless told not to.
  if (!hasAccept) args.push('-H', quote('Accept:'));
  if (request.body !== undefined) {
    if (!hasContentType) args.push('-H', quote('Content-Type:'));
    args.push(bodyArgument(request.body, placeholders));
  }
  return args.join(' ');
}
