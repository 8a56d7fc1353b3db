// Where `verify` and `fuzz` send their requests, resolved and checked the same way for both: a
// base URL per vendor, each a usable http(s) URL, each answering before the run starts.
import type { Credentials } from './credentials.js';
import { isUnreachable, send, type Sender } from './http.js';
import { urlProblem } from './target-url.js';
import type { Vendor } from '../vendors/types.js';

/** Where and as whom `verify` and `fuzz` send their requests. */
export interface TargetOptions {
  /** Base URL serving every selected vendor (the understudy mock, or a real deployment). */
  target?: string;
  /** Base URL per vendor, where vendors are served apart (one Prism per spec). Wins over `target`. */
  targets?: Partial<Record<Vendor, string>>;
  /** Label of the target in reports; default: the URL. */
  targetName?: string;
  vendors?: readonly Vendor[];
  credentials?: Credentials;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** The target does not answer at all: a usage problem (exit 2), not a broken contract. */
export class TargetUnreachableError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}. Is the target running? (For the understudy mock: npm start)`);
    this.name = 'TargetUnreachableError';
  }
}

/**
 * Each vendor's base URL (without a trailing slash), or `usage(message)` thrown for the first
 * vendor without one or with one that is not an http(s) URL.
 */
export function targetUrls(
  options: TargetOptions,
  vendors: readonly Vendor[],
  usage: (message: string) => Error,
): Record<Vendor, string> {
  const urls: Record<Vendor, string> = {};
  for (const vendor of vendors) {
    const own = options.targets?.[vendor];
    const url = own ?? options.target;
    if (!url) throw usage(`no target for ${vendor}: pass --target http://host:port`);
    const problem = urlProblem(own ? `the target of ${vendor}` : '--target', url);
    if (problem) throw usage(problem);
    urls[vendor] = url.replace(/\/+$/, '');
  }
  return urls;
}

/** Throws TargetUnreachableError unless every target answers something (any status will do). */
export async function probeTargets(
  urls: Record<Vendor, string>,
  timeoutMs: number,
  sender: Sender = send,
): Promise<void> {
  for (const url of new Set(Object.values(urls))) {
    const sent = await sender({ method: 'GET', url, headers: {} }, Math.min(timeoutMs, 5_000));
    if (sent.error && isUnreachable(sent.error))
      throw new TargetUnreachableError(
        url,
        sent.error.code === 'ECONNREFUSED' ? 'connection refused' : sent.error.message,
      );
  }
}
