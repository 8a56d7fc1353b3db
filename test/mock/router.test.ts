// The router's one rule for other spellings of a path: under a spec's `servers` path, and without a
// trailing slash when the spec says `x-trailing-slash: true` (GroundWork's JAX-RS server does both;
// the other vendors' specs say neither, so their paths are matched only as written).
import { describe, expect, it } from 'vitest';
import { Router, routingRules } from '../../src/mock/router.js';
import { loadSpec } from '../../src/spec/load.js';
import { vendorNames } from '../../src/vendors/registry.js';

const router = new Router();
for (const vendor of vendorNames()) router.addSpec(loadSpec(vendor));

function found(
  method: string,
  path: string,
): { operationId: string; base: string; params: Record<string, string> } | string {
  const match = router.match(method, path);
  return match.kind === 'found'
    ? { operationId: match.op.operationId, base: match.base, params: match.params }
    : match.kind;
}

describe('routing rules come from the spec', () => {
  it('GroundWork: its servers path is a mount, and trailing slashes are the same path', () => {
    expect(routingRules(loadSpec('groundwork').document)).toEqual({
      mounts: ['/foundation-webapp'],
      trailingSlash: true,
    });
  });
  it('the other vendors: servers without a path, no trailing-slash rule', () => {
    for (const vendor of ['moogsoft', 'polarity', 'boomi'] as const) {
      expect(routingRules(loadSpec(vendor).document)).toEqual({ mounts: [], trailingSlash: false });
    }
  });
});

describe('GroundWork paths as its clients spell them', () => {
  it('a trailing slash, as the Java client sends lists, queries and batch posts', () => {
    expect(found('GET', '/api/hosts/')).toEqual({ operationId: 'getHosts', base: '', params: {} });
    expect(found('POST', '/api/hosts/')).toMatchObject({ operationId: 'createOrUpdateHosts' });
    expect(found('GET', '/api/hosts/localhost/')).toEqual({
      operationId: 'getHost',
      base: '',
      params: { hostName: 'localhost' },
    });
  });
  it('under /foundation-webapp, with or without the slash; the match says which base it came in by', () => {
    expect(found('GET', '/foundation-webapp/api/hosts')).toEqual({
      operationId: 'getHosts',
      base: '/foundation-webapp',
      params: {},
    });
    expect(found('GET', '/foundation-webapp/api/hosts/')).toEqual({
      operationId: 'getHosts',
      base: '/foundation-webapp',
      params: {},
    });
    expect(found('GET', '/foundation-webapp/api/hosts/malbec')).toMatchObject({
      operationId: 'getHost',
      params: { hostName: 'malbec' },
    });
    expect(found('POST', '/foundation-webapp/api/auth/login')).toMatchObject({
      operationId: 'login',
      base: '/foundation-webapp',
    });
  });
  it('a method not served there is still a 405 by the other spelling', () => {
    expect(router.match('PATCH', '/api/hosts/')).toMatchObject({
      kind: 'method-not-allowed',
      allow: ['DELETE', 'GET', 'POST'],
    });
  });
  it('only one trailing slash, and no path outside the mount or the spec', () => {
    expect(found('GET', '/api/hosts//')).toBe('not-found');
    expect(found('GET', '/foundation-webapp')).toBe('not-found');
    expect(found('GET', '/foundation-webappx/api/hosts')).toBe('not-found');
    expect(found('GET', '/foundation-webapp/api/nothing')).toBe('not-found');
    expect(router.mountedVendor('/foundation-webapp/api/nothing')).toBe('groundwork');
    expect(router.mountedVendor('/api/nothing')).toBeUndefined();
  });
});

describe('vendors whose specs state no such rule', () => {
  it('Polarity shares the /api prefix but gets no trailing-slash or mount leniency from GroundWork', () => {
    expect(found('GET', '/api/integrations')).toMatchObject({ operationId: 'listIntegrations' });
    expect(found('GET', '/api/integrations/')).toBe('not-found');
    expect(found('GET', '/foundation-webapp/api/integrations')).toBe('not-found');
  });
  it('Moogsoft: a trailing slash is another path', () => {
    expect(found('GET', '/integrations/api/v1/integrations/')).toBe('not-found');
  });
});

describe('matches are remembered', () => {
  it('a path without parameters is remembered at once: the same frozen answer', () => {
    const first = router.match('GET', '/api/hostgroups');
    expect(first.kind).toBe('found');
    expect(router.match('GET', '/api/hostgroups')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('a path with a parameter is remembered when it comes again, frozen: no caller can change its parameters', () => {
    const first = router.match('GET', '/api/hosts/remembered-host');
    const second = router.match('GET', '/api/hosts/remembered-host');
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(router.match('GET', '/api/hosts/remembered-host')).toBe(second);
    for (const match of [first, second]) {
      expect(Object.isFrozen(match)).toBe(true);
      if (match.kind !== 'found') throw new Error(`expected a match, got ${match.kind}`);
      expect(() => {
        match.params.hostName = 'changed';
      }).toThrow(TypeError);
    }
    expect(found('GET', '/api/hosts/remembered-host')).toMatchObject({ params: { hostName: 'remembered-host' } });
  });

  it('paths asked for once (a new Boomi token each poll) do not push out the ones asked for again', () => {
    const own = new Router();
    own.addSpec(loadSpec('groundwork'));
    own.addSpec(loadSpec('boomi'));
    own.match('GET', '/api/hosts/localhost');
    const remembered = own.match('GET', '/api/hosts/localhost');
    for (let i = 0; i < 3000; i++) {
      const poll = own.match('GET', `/api/rest/v1/acct/async/ListenerStatus/response/ListenerStatus-${i}`);
      expect(poll).toMatchObject({ kind: 'found', params: { token: `ListenerStatus-${i}` } });
    }
    expect(own.match('GET', '/api/hosts/localhost')).toBe(remembered);
  });

  it('a parameter is decoded from its percent-encoding, and a bad encoding matches nothing', () => {
    expect(found('GET', '/api/hosts/a%20b')).toMatchObject({ params: { hostName: 'a b' } });
    expect(found('GET', '/api/hosts/a%2')).toBe('not-found');
    expect(found('GET', '/api/hosts/plain')).toMatchObject({ params: { hostName: 'plain' } });
  });

  it('an operation added after a path was matched is found at that path', () => {
    const own = new Router();
    own.addSpec(loadSpec('moogsoft'));
    expect(own.match('GET', '/added/7').kind).toBe('not-found');
    const template = loadSpec('moogsoft').operations[0];
    if (!template) throw new Error('moogsoft has no operations');
    own.add({ ...template, method: 'get', path: '/added/{id}', operationId: 'addedLater' });
    expect(own.match('GET', '/added/7')).toMatchObject({ kind: 'found', params: { id: '7' } });
    expect(own.match('PUT', '/added/7')).toMatchObject({ kind: 'method-not-allowed', allow: ['GET'] });
  });
});
