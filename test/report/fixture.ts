// Real verify results for the report tests: the fake vendor (nock), whole and with one fault.
import { fileURLToPath } from 'node:url';
import { runVerify } from '../../src/conformance/runner.js';
import type { VerifyResult } from '../../src/conformance/results.js';
import type { Vendor } from '../../src/vendors/types.js';
import type { Fault } from '../conformance/fake-vendor.js';
import { fakeVendor } from '../conformance/fake-vendor-nock.js';
import { nockOff, nockOn } from '../helpers/nock.js';

const SCENARIOS = fileURLToPath(new URL('../conformance/fixtures/fake', import.meta.url));
/** Scenarios with a precondition the fake does not meet (integration 7). */
export const UNMET_SCENARIOS = {
  dir: fileURLToPath(new URL('../conformance/fixtures/runner', import.meta.url)),
  vendors: ['moogsoft'] as Vendor[],
};

export async function fakeRun(
  name: string,
  fault?: Fault,
  suites: { dir: string; vendors: Vendor[] } = { dir: SCENARIOS, vendors: ['moogsoft', 'groundwork', 'polarity'] },
): Promise<VerifyResult> {
  const base = `http://${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.understudy.test`;
  nockOn();
  const scope = fakeVendor(base, fault);
  try {
    return await runVerify({
      target: base,
      targetName: name,
      vendors: suites.vendors,
      scenariosDir: suites.dir,
      timeoutMs: 2_000,
    });
  } finally {
    scope.persist(false);
    nockOff();
  }
}
