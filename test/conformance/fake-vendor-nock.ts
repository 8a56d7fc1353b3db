// The fake vendor of ./fake-vendor.ts served through nock, for runs that send through node:http
// (pactum's): nock patches node:http from its import (test/helpers/nock.ts turns it on and off).
import nock from 'nock';
import { fakeRoute, type Fault } from './fake-vendor.js';

/** Installs the fake at `base` (e.g. http://fake.understudy.test) and returns the nock scope. */
export function fakeVendor(base: string, fault?: Fault): nock.Scope {
  const route = fakeRoute(fault);
  const scope = nock(base).persist();
  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    scope.intercept(/.*/, method).reply(function (uri, body) {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      return route(method, new URL(uri, base), this.req.headers, text);
    });
  }
  return scope;
}
