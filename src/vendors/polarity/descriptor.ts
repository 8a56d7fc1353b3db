import type { VendorDescriptor } from '../descriptor.js';

export const polarityDescriptor: VendorDescriptor = {
  vendor: 'polarity',
  title: 'Polarity',
  specFile: 'polarity.yaml',
  failureStatus: 503,
  auth: {
    login: { operation: 'login', json: { identification: '{{user}}', password: '{{password}}' }, token: '/data/token' },
  },
  defaultCredentials: { token: 'my-auth-token', user: 'admin@example.com', password: 'admin' },
};
