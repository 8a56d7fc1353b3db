// encodeJson reuses the text of frozen objects (documents a vendor module builds once and serves
// many times). It must spell exactly what JSON.stringify spells, frozen or not, whatever the shape.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeJson, rememberedJsonBytes } from '../../src/spec/codec.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

describe('encodeJson', () => {
  it('equals JSON.stringify on arbitrary JSON with frozen parts mixed in', () => {
    const doc = fc.jsonValue({ maxDepth: 3 });
    const body = fc.record({
      data: fc.array(
        doc.map((d) => (typeof d === 'object' && d !== null ? deepFreeze(d) : d)),
        { maxLength: 5 },
      ),
      meta: fc.option(doc, { nil: undefined }),
      frozen: fc.option(doc.map(deepFreeze), { nil: undefined }),
      plain: fc.dictionary(fc.string(), doc, { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(body, (value) => {
        expect(encodeJson(value)).toBe(JSON.stringify(value));
        expect(encodeJson(value)).toBe(JSON.stringify(value)); // second time from remembered text
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('handles what JSON.stringify treats specially: undefined members, toJSON, arrays, primitives', () => {
    const doc = deepFreeze({ id: '1', attributes: { name: 'x' } });
    const cases: unknown[] = [
      { data: [doc, doc], skipped: undefined, fn: () => 1, when: new Date(0) },
      { data: doc, nested: { doc } },
      [doc, doc],
      doc,
      { toJSON: () => ({ replaced: true }), data: [doc] },
      { data: [doc, { notFrozen: 1 }] },
      'text',
      42,
      null,
    ];
    for (const value of cases) expect(encodeJson(value)).toBe(JSON.stringify(value));
  });

  it('a frozen document stays as frozen, so the remembered text cannot go stale', () => {
    const doc = deepFreeze({ id: '1', attributes: { name: 'x' } });
    const before = encodeJson({ data: [doc] });
    expect(() => {
      doc.attributes.name = 'changed';
    }).toThrow(TypeError); // ES modules are strict: writing a frozen property throws
    expect(encodeJson({ data: [doc] })).toBe(before);
  });

  it('does not remember a frozen object that holds a mutable one', () => {
    const tags = ['a'];
    const shallow = Object.freeze({ id: '2', tags });
    expect(encodeJson({ data: [shallow] })).toBe('{"data":[{"id":"2","tags":["a"]}]}');
    tags.push('b');
    expect(encodeJson({ data: [shallow] })).toBe('{"data":[{"id":"2","tags":["a","b"]}]}');
  });

  it('remembers the UTF-8 of a frozen document once its text is remembered, and only then', () => {
    const decode = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
    const doc = deepFreeze({ id: 'é', name: '名前 😀', n: [1, 2] });
    expect(rememberedJsonBytes(doc)).toBeUndefined(); // not encoded yet
    const text = encodeJson(doc);
    expect(decode(rememberedJsonBytes(doc))).toBe(text);
    expect(rememberedJsonBytes(doc)).toBe(rememberedJsonBytes(doc)); // encoded once, then shared
    expect(rememberedJsonBytes(doc)!.length).toBe(Buffer.byteLength(text));
    // Text that is not remembered has no bytes: a mutable body, a shallowly frozen one, a wrapper.
    const shallow = Object.freeze({ tags: ['a'] });
    encodeJson(shallow);
    const wrapper = { data: [doc] };
    encodeJson(wrapper);
    for (const value of [shallow, wrapper, { id: 1 }, 'text', 42, null, undefined])
      expect(rememberedJsonBytes(value)).toBeUndefined();
  });
});
