/** Content negotiation by the media types the spec lists for an operation. */

import { Memo } from '../common/memo.js';

interface Range {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [mediaRange, ...params] = part.trim().split(';');
    const [type, subtype] = (mediaRange ?? '').trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q' && v !== undefined && Number.isFinite(Number(v))) q = Number(v);
    }
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** The offered media type the Accept header prefers; the first offer when there is no Accept. */
export function chooseResponseType(accept: string | undefined, offered: string[]): string | undefined {
  if (offered.length === 0) return undefined;
  if (!accept || accept.trim() === '') return offered[0];
  // Offers are the spec's lists, the same array for an operation every time: choices are kept per
  // list and Accept header (bounded; a list built on the fly is simply worked out each time).
  let byAccept = chosen.get(offered);
  if (!byAccept) chosen.set(offered, (byAccept = new Memo(256)));
  const known = byAccept.get(accept);
  if (known !== undefined || byAccept.has(accept)) return known;
  return byAccept.set(accept, choose(accept, offered));
}

const chosen = new WeakMap<readonly string[], Memo<string, string | undefined>>();

/**
 * Each offer takes the quality of the most specific range that matches it (RFC 9110 §12.5.1:
 * `application/json;q=0, *\/*` refuses JSON and takes anything else); the best quality wins, then
 * the more specific match, then the earlier range, then the spec's order. Media-type parameters
 * (`application/json;charset=UTF-8`, as Java clients send) do not narrow a match: JAX-RS servers
 * such as GroundWork's match on type and subtype, which is why this is not `negotiator` (it refuses
 * a range whose parameters the offer lacks).
 */
function choose(accept: string, offered: string[]): string | undefined {
  const ranges = parseAccept(accept);
  let best: { offer: string; q: number; specificity: number; index: number } | undefined;
  for (const offer of offered) {
    const [type, subtype] = offer.toLowerCase().split('/');
    let match: { q: number; specificity: number; index: number } | undefined;
    ranges.forEach((range, index) => {
      if ((range.type !== '*' && range.type !== type) || (range.subtype !== '*' && range.subtype !== subtype)) return;
      const specificity = range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2;
      if (!match || specificity > match.specificity) match = { q: range.q, specificity, index };
    });
    if (!match || match.q <= 0) continue;
    if (
      !best ||
      match.q > best.q ||
      (match.q === best.q &&
        (match.specificity > best.specificity || (match.specificity === best.specificity && match.index < best.index)))
    )
      best = { offer, ...match };
  }
  return best?.offer;
}

/** The media type of a Content-Type header without its parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}
