import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { STATUS_TITLES } from '../../src/vendors/polarity/status-titles.js';

describe("Polarity's error titles", () => {
  it("are Node's reason phrases for every error status (Polarity's server runs on Node)", () => {
    for (let status = 400; status <= 599; status++)
      expect([status, STATUS_TITLES[status]]).toEqual([status, STATUS_CODES[status]]);
  });
});
