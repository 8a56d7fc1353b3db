import { describe, expect, it } from 'vitest';
import { randomToken, randomUuid } from '../../src/core/random.js';

describe('random tokens without node:crypto', () => {
  it('makes version 4 UUIDs, all different, across refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = randomUuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });

  it('spells every hex digit at each random position, and each variant digit', () => {
    const ids = Array.from({ length: 2000 }, () => randomUuid());
    const digitsAt = (at: number) => new Set(ids.map((id) => id[at]));
    for (let at = 0; at < 36; at++) {
      // The dashes, the version digit and the variant digit are not random throughout.
      if ([8, 13, 14, 18, 19, 23].includes(at)) continue;
      expect(digitsAt(at).size, `digits at ${at}`).toBe(16);
    }
    expect([...digitsAt(19)].sort()).toEqual(['8', '9', 'a', 'b']);
  });

  it('makes base64url tokens of the asked number of bytes', () => {
    const token = randomToken(24);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomToken(24)).not.toBe(token);
  });
});
