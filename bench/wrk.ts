// wrk (Debian's `wrk`, C) as the load generator. autocannon, in JavaScript, spends ~40 µs of CPU per
// request here and tops out near 13–15k req/s on this machine's core: at that point it, not the
// server, is what is measured, and its own event loop's delays show up as the server's latency
// (autocannon against our mock and raw alike: 13k vs 14k req/s, p99 12 vs 9 ms; wrk in the same
// minutes: 22k vs 19k req/s, p99 5 vs 5 ms). wrk is used whenever it is on PATH.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from './endpoints.js';

export function wrkAvailable(): boolean {
  return !spawnSync('wrk', ['--version']).error;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  /** ms */
  p50: number;
  /** ms */
  p99: number;
  errors: number;
  unexpected: number;
  statuses: Record<string, number>;
}

/** A Lua string literal of any text: printable ASCII as is, every other byte as a decimal escape. */
function lua(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    out +=
      byte >= 32 && byte < 127 && byte !== 34 && byte !== 92
        ? String.fromCharCode(byte)
        : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

const luaTable = (record: Record<string, string>) =>
  `{ ${Object.entries(record)
    .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
    .join(', ')} }`;

/**
 * The script for one endpoint. Every answer's status is counted in `response` (an answer other than
 * `expect`, or for a chained pair other than 2xx, is unexpected); a chained pair follows each first
 * request with one `GET prefix..token` for the token its answer carried.
 */
function script(endpoint: Endpoint): string {
  const withoutBodyHeaders = Object.fromEntries(
    Object.entries(endpoint.headers).filter(([k]) => !/^content-(type|length)$/i.test(k)),
  );
  const then = endpoint.then;
  return `
local method, path, body = ${lua(endpoint.method)}, ${lua(endpoint.path)}, ${endpoint.body === undefined ? 'nil' : lua(endpoint.body)}
local headers = ${luaTable(endpoint.headers)}
local expect, chained = ${endpoint.expect}, ${then ? 'true' : 'false'}
wrk.method, wrk.path, wrk.body = method, path, ${then ? 'nil' : 'body'}
for k, v in pairs(headers) do wrk.headers[k] = v end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {}; unexpected = 0 end
${
  then
    ? `
local thenHeaders = ${luaTable(withoutBodyHeaders)}
local prefix, pattern = ${lua(then.prefix)}, ${lua(`"${then.tokenField}"%s*:%s*"([^"]+)"`)}
-- Each answered query's token is fetched once, by whichever connection asks next (wrk's script does
-- not know connections apart): every query is followed by exactly one result request.
local queue, head, tail = {}, 1, 0
function request()
  if head <= tail then
    local token = queue[head]
    queue[head] = nil
    head = head + 1
    return wrk.format("GET", prefix .. token, thenHeaders, nil)
  end
  local h = {}
  for k, v in pairs(headers) do h[k] = v end
  return wrk.format(method, path, h, body)
end
`
    : ''
}
function response(status, hdrs, text)
  counts[status] = (counts[status] or 0) + 1
  if (chained and (status < 200 or status > 299)) or (not chained and status ~= expect) then unexpected = unexpected + 1 end
  ${then ? 'local t = string.match(text, pattern); if t then tail = tail + 1; queue[tail] = t end' : ''}
end
function done(summary, latency, requests)
  local c, u = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do c[k] = (c[k] or 0) + v end
    u = u + t:get("unexpected")
  end
  local parts = {}
  for k, v in pairs(c) do table.insert(parts, string.format('"%d":%d', k, v)) end
  local e = summary.errors
  io.write(string.format('UNDERSTUDY {"requests":%d,"durationUs":%d,"p50":%d,"p99":%d,"errors":%d,"unexpected":%d,"statuses":{%s}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, u, table.concat(parts, ",")))
end
`;
}

const scripts = new Map<Endpoint, string>();
let dir: string | undefined;

/** One wrk run: one thread (the other core is the server's), `connections` connections. */
export function wrkLoad(url: string, endpoint: Endpoint, seconds: number, connections: number): Promise<WrkResult> {
  let file = scripts.get(endpoint);
  if (!file) {
    dir ??= mkdtempSync(join(tmpdir(), 'understudy-wrk-'));
    file = join(dir, `${scripts.size}.lua`);
    writeFileSync(file, script(endpoint));
    scripts.set(endpoint, file);
  }
  return new Promise((resolve, reject) => {
    execFile(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', file, url],
      { maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('UNDERSTUDY '));
        if (error || !line) {
          reject(new Error(`wrk failed: ${error?.message ?? ''} ${stderr} ${stdout}`.trim()));
          return;
        }
        const r = JSON.parse(line.slice('UNDERSTUDY '.length)) as {
          requests: number;
          durationUs: number;
          p50: number;
          p99: number;
          errors: number;
          unexpected: number;
          statuses: Record<string, number>;
        };
        resolve({
          requests: r.requests,
          seconds: r.durationUs / 1e6,
          p50: r.p50 / 1000,
          p99: r.p99 / 1000,
          errors: r.errors,
          unexpected: r.unexpected,
          statuses: r.statuses,
        });
      },
    );
  });
}
