import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest } from '../conformance/http.js';
import { urlProblem } from '../conformance/target-url.js';
import { Router, type RouteMatch } from '../mock/router.js';
import { loadSpec, type LoadedSpec, type OperationInfo } from '../spec/load.js';
import { serverValidators } from '../spec/precompiled.js';
import type { OperationValidators } from '../spec/validators.js';
import type { Vendor } from '../vendors/types.js';
import { LearnedCredentials } from './credentials.js';
import { readBody } from '../adapters/read-body.js';
import { bodyText, endToEnd, flatHeaders, forward, UpstreamError } from './forward.js';
import { buildRecording, writeRecording } from './record.js';
import type { ProxyExchange, Violation } from './types.js';
import { checkRequest, checkResponse, type Finding } from './validate.js';
import { present } from '../common/present.js';

export interface ProxyOptions {
  vendor: Vendor;
  /** Base URL of the real API; a request for `/api/hosts` goes to `<upstream>/api/hosts`. */
  upstream: string;
  /** Default 4020; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Write the traffic as a scenario file here, after each exchange and on close. */
  record?: string;
  /** Name of the recorded scenario (default: from the file name). */
  recordName?: string;
  /** Per-request timeout towards the upstream. */
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Where violation lines go (default: stdout). */
  log?: (line: string) => void;
  /** Where problems of the proxy itself go (an unreachable upstream; default: stderr). */
  warn?: (line: string) => void;
  onExchange?: (exchange: ProxyExchange) => void;
}

export interface ProxySummary {
  exchanges: number;
  /** Exchanges the upstream did not answer. */
  errors: number;
  violations: number;
  byCheck: Record<string, number>;
  recorded?: { file: string; steps: number };
}

export interface RunningProxy {
  url: string;
  exchanges: readonly ProxyExchange[];
  violations: readonly Violation[];
  summary(): ProxySummary;
  /** Writes the recording now (when there is one); returns the file written. */
  flush(): string | undefined;
  /** Stops listening, waits for exchanges in flight, and writes the recording a last time. */
  close(): Promise<void>;
}

export const DEFAULT_PROXY_PORT = 4020;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;
const FLUSH_EVERY_EXCHANGE = 100;

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const problem = urlProblem('--upstream', options.upstream);
  if (problem) throw new Error(problem);
  const upstream = new URL(options.upstream);
  const proxy = new ProxyServer(options, upstream);
  await proxy.listen(options.port ?? DEFAULT_PROXY_PORT, options.host ?? '127.0.0.1');
  return proxy;
}

class ProxyServer implements RunningProxy {
  readonly exchanges: ProxyExchange[] = [];
  readonly violations: Violation[] = [];
  url = '';
  private readonly spec: LoadedSpec;
  private readonly validators: Map<string, OperationValidators>;
  private readonly router = new Router();
  private readonly learned: LearnedCredentials;
  private readonly server: Server;
  private readonly startedAt = new Date();
  private readonly inFlight = new Set<Promise<void>>();
  private seq = 0;
  private errors = 0;
  private recordedSteps = 0;
  private lastFlushAt = 0;
  private lastFlushMs = 0;
  private flushTimer?: NodeJS.Timeout;
  private readonly log: (line: string) => void;
  private readonly warn: (line: string) => void;

  constructor(
    private readonly options: ProxyOptions,
    private readonly upstream: URL,
  ) {
    this.spec = loadSpec(options.vendor);
    this.validators = serverValidators([this.spec]);
    this.router.addSpec(this.spec);
    this.learned = new LearnedCredentials(this.spec);
    this.log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.warn = options.warn ?? ((line) => process.stderr.write(`${line}\n`));
    this.server = createServer((req, res) => {
      const done = this.handle(req, res).catch((error: unknown) => {
        this.warn(`understudy proxy: ${(error as Error).stack ?? String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    });
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        this.url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
        resolve();
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const seq = ++this.seq;
    const startedAt = new Date();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const body = await this.readRequestBody(req, res);
    if (!body) return;
    const headerPairs = endToEnd(req.rawHeaders, req.headers, ['host']);
    const match = this.router.match(method, pathname);
    const exchange: ProxyExchange = {
      seq,
      startedAt,
      method,
      pathname,
      search: queryAt < 0 ? '' : rawUrl.slice(queryAt),
      requestHeaders: flatHeaders(headerPairs),
      requestBody: body.toString('utf8'),
      op: match.kind === 'found' ? match.op : undefined,
      pathParams: match.kind === 'found' ? match.params : {},
      violations: [],
    };
    const findings = await this.requestFindings(exchange, match, body);
    findings.push(...(await this.relay(exchange, match, headerPairs, body, res)));
    this.report(exchange, findings);
  }

  /** The request's body, or undefined once a body over the limit was answered with 413. */
  private async readRequestBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const maxBody = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    try {
      return await readBody(req, maxBody, () => new Error(`body larger than ${maxBody} bytes`));
    } catch (error) {
      res
        .writeHead(413, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`understudy proxy: ${(error as Error).message}\n`);
      return undefined;
    }
  }

  private validatorsOf(op: OperationInfo): OperationValidators {
    return present(this.validators.get(`${this.spec.vendor}:${op.operationId}`), `validators of ${op.operationId}`);
  }

  /** What is wrong with the request by the spec: an undocumented operation, or a request that breaks its own. */
  private async requestFindings(exchange: ProxyExchange, match: RouteMatch, body: Buffer): Promise<Finding[]> {
    const { method, pathname, search, requestHeaders } = exchange;
    if (match.kind === 'not-found')
      return [
        { check: 'undocumented_operation', message: `no ${this.spec.vendor} operation is documented at ${pathname}` },
      ];
    if (match.kind === 'method-not-allowed') {
      const message = `${method} is not documented on ${match.sample.path} (documented: ${match.allow.join(', ')})`;
      return [{ check: 'undocumented_operation', message }];
    }
    return checkRequest(this.spec, match.op, this.validatorsOf(match.op), match.params, {
      method,
      pathname,
      search,
      headers: requestHeaders,
      body,
    });
  }

  /**
   * Forwards the request and hands the answer back as it came; records it (or why there was none) on
   * the exchange, and returns what is wrong with it by the spec.
   */
  private async relay(
    exchange: ProxyExchange,
    match: RouteMatch,
    headerPairs: [string, string][],
    body: Buffer,
    res: ServerResponse,
  ): Promise<Finding[]> {
    const { method, pathname, search } = exchange;
    const target = new URL(upstreamPath(this.upstream, pathname) + search, this.upstream);
    try {
      const answer = await forward(
        { method, url: target, headers: headerPairs, body },
        this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        this.options.maxBodyBytes ?? DEFAULT_MAX_BODY,
      );
      // The answer goes back as it came: status, headers (names and repeats as sent), body bytes.
      res.writeHead(answer.status, answer.statusMessage, answer.headers.flat());
      res.end(answer.body);
      const headers = flatHeaders(answer.headers);
      const response: NonNullable<ProxyExchange['response']> = {
        status: answer.status,
        headers,
        text: bodyText(answer.body, headers['content-encoding']),
        durationMs: answer.durationMs,
      };
      exchange.response = response;
      if (match.kind !== 'found') return [];
      const request: HttpRequest = {
        method,
        url: target.toString(),
        headers: exchange.requestHeaders,
        body: exchange.requestBody,
      };
      return checkResponse(this.spec, match.op, this.validatorsOf(match.op), match.params, request, response);
    } catch (error) {
      const reason = error instanceof UpstreamError ? `${error.code}: ${error.message}` : String(error);
      exchange.error = reason;
      this.errors++;
      if (!res.headersSent) {
        const status = error instanceof UpstreamError && error.code === 'ETIMEDOUT' ? 504 : 502;
        res
          .writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`understudy proxy: the upstream ${this.upstream.origin} did not answer: ${reason}\n`);
      } else res.end();
      const path = this.learned.redact(pathname + search);
      this.warn(`${new Date().toISOString()} ${method} ${path} upstream did not answer: ${reason}`);
      return [];
    }
  }

  /** The exchange's findings as violations (logged, credentials redacted), and the exchange kept. */
  private report(exchange: ProxyExchange, findings: Finding[]): void {
    // Learned before printing: a line never shows a credential, not even one first seen just now.
    this.learned.learn(exchange);
    const at = new Date();
    for (const finding of findings) {
      const violation: Violation = {
        at,
        exchange: exchange.seq,
        method: exchange.method,
        path: this.learned.redact(exchange.pathname + exchange.search),
        operationId: exchange.op?.operationId,
        check: finding.check,
        message: this.learned.redact(finding.message),
      };
      exchange.violations.push(violation);
      this.violations.push(violation);
      this.log(formatViolation(violation));
    }
    this.exchanges.push(exchange);
    this.options.onExchange?.(exchange);
    if (this.options.record) this.scheduleFlush();
  }

  /**
   * The recording is rebuilt from the whole session: after every exchange for the first
   * FLUSH_EVERY_EXCHANGE ones, then (a long session makes a rebuild slow) at most every few
   * seconds, and always on close.
   */
  private scheduleFlush(): void {
    if (this.flushTimer) return;
    const interval =
      this.exchanges.length <= FLUSH_EVERY_EXCHANGE ? 0 : Math.min(5_000, Math.max(250, this.lastFlushMs * 20));
    const wait = this.lastFlushAt + interval - Date.now();
    if (wait <= 0) this.safeFlush();
    else {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.safeFlush();
      }, wait);
      this.flushTimer.unref();
    }
  }

  private safeFlush(): void {
    try {
      this.flush();
    } catch (error) {
      this.warn(`understudy proxy: cannot write ${this.options.record}: ${(error as Error).message}`);
    }
  }

  flush(): string | undefined {
    const file = this.options.record;
    if (!file) return undefined;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const started = performance.now();
    const recording = buildRecording(this.exchanges, {
      spec: this.spec,
      validators: this.validators,
      upstream: this.upstream.toString(),
      startedAt: this.startedAt,
      name: this.options.recordName,
      file,
    });
    if (!recording) return undefined;
    writeRecording(file, recording.text);
    this.recordedSteps = recording.scenario.steps.length;
    this.lastFlushAt = Date.now();
    this.lastFlushMs = performance.now() - started;
    return file;
  }

  summary(): ProxySummary {
    const byCheck: Record<string, number> = {};
    for (const v of this.violations) byCheck[v.check] = (byCheck[v.check] ?? 0) + 1;
    return {
      exchanges: this.exchanges.length,
      errors: this.errors,
      violations: this.violations.length,
      byCheck,
      ...(this.options.record && this.recordedSteps > 0
        ? { recorded: { file: this.options.record, steps: this.recordedSteps } }
        : {}),
    };
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await Promise.all([...this.inFlight]);
    // Keep-alive connections that were busy a moment ago are idle now.
    this.server.closeAllConnections();
    await closed;
    if (this.options.record) this.flush();
  }
}

/** `<upstream path>/<request path>`, without a doubled slash. */
function upstreamPath(upstream: URL, pathname: string): string {
  const base = upstream.pathname.replace(/\/+$/, '');
  return `${base}${pathname.startsWith('/') ? pathname : `/${pathname}`}`;
}

/** One line per violation: time, method, path, operationId, check, message. */
export function formatViolation(v: Violation): string {
  return `${v.at.toISOString()} ${v.method} ${v.path} ${v.operationId ?? '-'} ${v.check}: ${v.message.replace(/\s+/g, ' ')}`;
}

export function formatSummary(summary: ProxySummary): string {
  const lines = [
    `understudy proxy: ${summary.exchanges} exchange(s), ${summary.violations} violation(s)` +
      (summary.errors ? `, ${summary.errors} without an answer from the upstream` : ''),
  ];
  for (const [check, count] of Object.entries(summary.byCheck).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
    lines.push(`  ${String(count).padStart(5)}  ${check}`);
  if (summary.recorded) lines.push(`recorded ${summary.recorded.steps} step(s) in ${summary.recorded.file}`);
  return lines.join('\n');
}
