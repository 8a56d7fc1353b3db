// The strict urlencoded reader reads every well-formed form as URLSearchParams does, and differs only
// where URLSearchParams repairs bytes that are not UTF-8.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/spec/codec.js';
import { parseUrlEncoded } from '../../src/spec/urlencoded.js';

const entries = (text: string) => [...new URLSearchParams(text)];

describe('parseUrlEncoded', () => {
  it('reads what URLSearchParams writes, pair for pair (any Unicode, separators, +, %)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 8 }), (pairs) => {
        const encoded = new URLSearchParams(pairs).toString();
        expect(parseUrlEncoded(encoded)).toEqual(entries(encoded));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with URLSearchParams on hand-written text: stray %, empty pieces, no =, + for space', () => {
    for (const text of ['a=1&&b', '=x&y=', 'a=%zz%4&b=%4a%4A', 'a+b=c+d%2B', '&&&', 'k=%E2%82%AC', 'x=%EF%BB%BFbom']) {
      expect(parseUrlEncoded(text), text).toEqual(entries(text));
    }
  });

  it('refuses percent-encoded bytes that are not UTF-8 where URLSearchParams writes U+FFFD; lenient mode repairs like it', () => {
    for (const text of ['host=u8-%80', 'host=u8-%E2%82', 'a=%C3%28', 'a=%ED%A0%80']) {
      expect(() => parseUrlEncoded(text), text).toThrow(/field '(host|a)' is not UTF-8 once percent-decoded/);
      expect(parseUrlEncoded(text, false)).toEqual(entries(text));
    }
    expect(() => parseUrlEncoded('%FF=1')).toThrow(/a field name is not UTF-8/);
  });

  it('any bytes, percent-encoded in either case: the text URLSearchParams reads when they are UTF-8, refused when not', () => {
    // Well-formed escapes take the native decoder (decodeURIComponent); this holds both paths to one answer.
    const hex = (byte: number, upper: boolean) => {
      const text = byte.toString(16).padStart(2, '0');
      return upper ? text.toUpperCase() : text;
    };
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 12 }),
        fc.boolean(),
        fc.string({ maxLength: 4 }),
        (bytes, upper, plain) => {
          const encoded = `k=${encodeURIComponent(plain)}${[...bytes].map((b) => `%${hex(b, upper)}`).join('')}`;
          if (isUtf8(bytes)) expect(parseUrlEncoded(encoded)).toEqual(entries(encoded));
          else expect(() => parseUrlEncoded(encoded)).toThrow(/field 'k' is not UTF-8/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseForm', () => {
  it('gathers a repeated field into a list in linear time (it was copied on every repeat: 150,000 repeats never finished)', () => {
    // Lenient, as the proxy reads what clients send: the strict reader refuses a form of so many fields.
    const form = parseForm(Array.from({ length: 150_000 }, (_, i) => `x=${i}`).join('&'), false);
    expect(form.x).toHaveLength(150_000);
    expect((form.x as string[])[149_999]).toBe('149999');
  });

  it('holds constructor and prototype as own fields, not inherited values', () => {
    const form = parseForm('constructor=a&constructor=b&prototype=c');
    expect(form).toEqual({ constructor: ['a', 'b'], prototype: 'c' });
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
  });

  it('reads fields named as Object.prototype members as fields, never their inherited values', () => {
    const form = parseForm('toString=a&hasOwnProperty=b&hasOwnProperty=c&valueOf=d');
    expect(form).toEqual({ toString: 'a', hasOwnProperty: ['b', 'c'], valueOf: 'd' });
  });

  it('keeps a __proto__ field as a field when lenient (the proxy records it), without touching the prototype', () => {
    for (const [text, expected] of [
      ['__proto__=a&b=c', 'a'],
      ['__proto__=a&__proto__=b&__proto__=c', ['a', 'b', 'c']],
    ] as const) {
      const form = parseForm(text, false);
      expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(form, '__proto__')?.value).toEqual(expected);
      expect(Object.keys(form)[0]).toBe('__proto__');
    }
    expect(() => parseForm('__proto__=a')).toThrow(/__proto__/);
  });

  it('answers each reading of the same text as a new object the caller may change (forms read once are remembered)', () => {
    const text = 'host=h1&status=UP&constructor=c&checkIntervalMinutes=5';
    const first = parseForm(text);
    const second = parseForm(text);
    // A validator coerces in place, and normalizes boolean text: neither may reach the next request.
    second.checkIntervalMinutes = '10';
    second.extra = 'x';
    delete second.host;
    const third = parseForm(text);
    for (const form of [first, third]) {
      expect(form).toEqual({ host: 'h1', status: 'UP', constructor: 'c', checkIntervalMinutes: '5' });
      expect(Object.isFrozen(form)).toBe(false);
    }
    expect(third).not.toBe(second);
  });

  it('gives a repeated field a new list on every reading of the same text', () => {
    const text = 'hostGroup=a&hostGroup=b';
    (parseForm(text).hostGroup as string[]).push('c');
    (parseForm(text).hostGroup as string[]).push('d');
    expect(parseForm(text)).toEqual({ hostGroup: ['a', 'b'] });
  });

  it('refuses the same bad form every time it arrives (a refused form is not remembered)', () => {
    for (let i = 0; i < 3; i++) {
      expect(() => parseForm('a=1&__proto__=x')).toThrow(/__proto__/);
      expect(() => parseForm('host=u8-%80')).toThrow(/not UTF-8/);
    }
  });
});
