import type { VendorDescriptor } from '../descriptor.js';
import { GROUNDWORK_AUTH } from './auth-profile.js';
import { groundworkLifecycles } from './lifecycles.js';

export const groundworkDescriptor: VendorDescriptor = {
  vendor: 'groundwork',
  title: 'GroundWork Monitor',
  specFile: 'groundwork.yaml',
  failureStatus: 500,
  auth: GROUNDWORK_AUTH,
  defaultCredentials: { user: 'admin', password: 'admin', appName: 'understudy' },
  credentialPurpose: { appName: 'the application name GroundWork issues tokens to' },
  lifecycles: groundworkLifecycles,
};
