import type { components } from '../../generated/polarity.js';

type PaginationLinks = components['schemas']['PaginationLinks'];
type PageMeta = components['schemas']['PageMeta'];

export interface Page<T> {
  data: T[];
  meta: PageMeta;
  links: PaginationLinks;
}

/**
 * One page of `items` with JSON:API pagination links. A page past the end is empty, not an error;
 * its `prev` points at the last page, so a client that overshot can step back.
 */
export function paginate<T>(
  items: T[],
  number: number,
  size: number,
  url: { origin: string; path: string; filters: Record<string, string> },
): Page<T> {
  const total = items.length;
  const last = Math.max(1, Math.ceil(total / size));
  // Bracketed names stay literal, as Polarity writes them; values are encoded.
  let rest = `&page[size]=${size}`;
  for (const [k, v] of Object.entries(url.filters)) rest += `&${k}=${encodeURIComponent(v)}`;
  const link = (n: number) => `${url.origin}${url.path}?page[number]=${n}${rest}`;
  return {
    data: items.slice((number - 1) * size, number * size),
    meta: { page: { number, size, total } },
    links: {
      self: link(number),
      first: link(1),
      prev: number > 1 ? link(Math.min(number - 1, last)) : null,
      next: number < last ? link(number + 1) : null,
      last: link(last),
    },
  };
}
