// The vendors understudy ships, in the order reports and help list them. Adding a vendor: its
// descriptor here, its folder, its spec; `npm run generate` derives the rest (CONTRIBUTING.md).
import { boomiDescriptor } from './boomi/descriptor.js';
import type { VendorDescriptor } from './descriptor.js';
import { groundworkDescriptor } from './groundwork/descriptor.js';
import { moogsoftDescriptor } from './moogsoft/descriptor.js';
import { polarityDescriptor } from './polarity/descriptor.js';

export const BUILT_IN_VENDORS: readonly VendorDescriptor[] = [
  groundworkDescriptor,
  moogsoftDescriptor,
  polarityDescriptor,
  boomiDescriptor,
];
