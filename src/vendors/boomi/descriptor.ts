import type { VendorDescriptor } from '../descriptor.js';
import { boomiLifecycles } from './lifecycles.js';

export const boomiDescriptor: VendorDescriptor = {
  vendor: 'boomi',
  title: 'Boomi Platform API',
  specFile: 'boomi.yaml',
  failureStatus: 503,
  auth: { variables: ['accountId', 'containerId'] },
  defaultCredentials: {
    user: 'BOOMI_TOKEN.dev@example.com',
    password: 'dev-api-token',
    accountId: 'dev-account',
    // The vendor document's container (004 §Retrieves a ListenerStatus object by identifier), which the mock holds.
    containerId: '1045759d-7f6c-4108-bd0e-7b71541d6a2d',
  },
  credentialPurpose: {
    accountId: 'the Boomi account every URL names',
    containerId: 'a Boomi Runtime container whose listeners the suites query, pause and resume',
  },
  lifecycles: boomiLifecycles,
};
