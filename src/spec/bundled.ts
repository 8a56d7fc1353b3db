import { document as boomi } from '../generated/documents/boomi.js';
import { document as groundwork } from '../generated/documents/groundwork.js';
import { document as moogsoft } from '../generated/documents/moogsoft.js';
import { document as polarity } from '../generated/documents/polarity.js';
import type { OpenApiDocument } from './openapi.js';
import { indexSpec, type LoadedSpec } from './spec-index.js';
import type { Vendor } from './vendors.js';

// The specs as the package carries them in code (generated from specs/*.yaml and held equal to
// them by generate:check): what an in-process mock reads where there are no files (a browser).
const DOCUMENTS: Record<Vendor, OpenApiDocument> = { groundwork, moogsoft, polarity, boomi };

const cache = new Map<Vendor, LoadedSpec>();

export function bundledSpec(vendor: Vendor): LoadedSpec {
  let spec = cache.get(vendor);
  if (!spec) {
    spec = indexSpec(vendor, DOCUMENTS[vendor]);
    cache.set(vendor, spec);
  }
  return spec;
}
