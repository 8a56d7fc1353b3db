// Moogsoft's error bodies are remembered by their message: each message still gets its own body,
// the same message the same (frozen) one, and the remembered text and bytes answer the same JSON.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/mock/errors.js';
import { encodeJson, rememberedJsonBytes } from '../../src/spec/codec.js';
import { errorBody } from '../../src/vendors/moogsoft/errors.js';

describe('Moogsoft errorBody', () => {
  it('answers each message in its own body, and a repeated one in the same frozen body', () => {
    const first = errorBody(new HttpError(400, 'first mistake'));
    const second = errorBody(new HttpError(404, 'second mistake'));
    expect(first).toEqual({ message: 'first mistake' });
    expect(second).toEqual({ message: 'second mistake' });
    expect(errorBody(new HttpError(400, 'first mistake'))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('is encoded as JSON.stringify would, its bytes remembered after the first encoding', () => {
    const body = errorBody(new HttpError(400, 'body field \'command\' must be one of: "start", "stop"'));
    expect(encodeJson(body)).toBe(JSON.stringify({ message: body.message }));
    expect(new TextDecoder().decode(rememberedJsonBytes(body))).toBe(JSON.stringify({ message: body.message }));
  });

  it('keeps answering every message once more than it remembers have been seen', () => {
    for (let i = 0; i < 600; i++) expect(errorBody(new HttpError(400, `mistake ${i}`)).message).toBe(`mistake ${i}`);
    const long = 'x'.repeat(2000);
    expect(errorBody(new HttpError(400, long)).message).toBe(long);
  });
});
