import type { VendorModule } from '../mock/types.js';
import type { Vendor } from '../spec/vendors.js';
import { boomi } from './boomi/index.js';
import { groundwork } from './groundwork/index.js';
import { moogsoft } from './moogsoft/index.js';
import { polarity } from './polarity/index.js';

/** Every vendor the mock can serve; each module supplies handlers, state and its few rules. */
export const VENDOR_MODULES: Record<Vendor, VendorModule<any>> = {
  groundwork,
  moogsoft,
  polarity,
  boomi,
};
