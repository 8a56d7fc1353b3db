/** Content negotiation by the media types the spec lists for an operation. */

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
  if (!byAccept) chosen.set(offered, (byAccept = new Map<string, string | undefined>()));
  if (byAccept.has(accept)) return byAccept.get(accept);
  const choice = choose(accept, offered);
  if (byAccept.size >= 256) byAccept.clear();
  byAccept.set(accept, choice);
  return choice;
}

const chosen = new WeakMap<readonly string[], Map<string, string | undefined>>();

function choose(accept: string, offered: string[]): string | undefined {
  let best: { type: string; q: number; specificity: number } | undefined;
  for (const range of parseAccept(accept)) {
    if (range.q <= 0) continue;
    offered.forEach((offer) => {
      const [type, subtype] = offer.toLowerCase().split('/');
      const specificity = range.type === '*' ? 0 : range.subtype === '*' ? 1 : 2;
      const matches =
        (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
      if (matches && (!best || range.q > best.q || (range.q === best.q && specificity > best.specificity))) {
        best = { type: offer, q: range.q, specificity };
      }
    });
  }
  return best?.type;
}

/** The media type of a Content-Type header without its parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}
