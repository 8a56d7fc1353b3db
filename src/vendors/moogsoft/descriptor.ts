import type { VendorDescriptor } from '../descriptor.js';

export const moogsoftDescriptor: VendorDescriptor = {
  vendor: 'moogsoft',
  title: 'Moogsoft AIOps',
  specFile: 'moogsoft.yaml',
  failureStatus: 500,
  auth: {},
  defaultCredentials: { user: 'John.Doe', password: 'MyPassword' },
};
