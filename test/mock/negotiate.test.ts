// Accept negotiation (src/mock/negotiate.ts): why it is ours and not `negotiator` is said there.
import { describe, expect, it } from 'vitest';
import { chooseResponseType } from '../../src/mock/negotiate.js';

const offers = ['application/json', 'application/xml'];

describe('chooseResponseType', () => {
  it('takes the first offer without an Accept, and for */*', () => {
    expect(chooseResponseType(undefined, offers)).toBe('application/json');
    expect(chooseResponseType('*/*', ['application/xml', 'application/json'])).toBe('application/xml');
  });

  it('prefers the higher quality, then the more specific range', () => {
    expect(chooseResponseType('application/json;q=0.5, application/xml', offers)).toBe('application/xml');
    expect(chooseResponseType('*/*;q=0.9, application/xml;q=0.9', offers)).toBe('application/xml');
  });

  it('lets a more specific range refuse what a wider one accepts (RFC 9110 §12.5.1)', () => {
    expect(chooseResponseType('application/json;q=0, */*', offers)).toBe('application/xml');
    expect(chooseResponseType('*/*, application/*;q=0', offers)).toBeUndefined();
  });

  it('matches on type and subtype whatever the parameters, as JAX-RS servers do', () => {
    expect(chooseResponseType('application/xml;charset=UTF-8', offers)).toBe('application/xml');
  });

  it('offers nothing for an Accept no offer matches', () => {
    expect(chooseResponseType('text/csv', offers)).toBeUndefined();
  });
});
