// Prism in English only (test/conformance/prism-proxy.test.ts). Plain JavaScript, so that a spawned
// Prism can load it too: english-faker-preload.mjs, through NODE_OPTIONS=--import.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Stands faker's English build in for faker's main module, for Prism to load: returns the function
 * that takes it out again (anything required after that gets faker itself).
 *
 * Prism's mock generator requires @faker-js/faker as it loads: faker 6's main module builds a Faker
 * over all ~60 locales (1,900 modules, ~1.5 s of CPU, half of Prism's start). Prism uses it in
 * English (its default; no spec here names a locale under `x-json-schema-faker`), for the few
 * answers a proxy makes up itself (a refused request's headers). Faker's English build is a Faker
 * over `en` falling back to `en`, as the main module's is: the same values from the same calls.
 */
export function englishFaker() {
  const prismHttp = dirname(require.resolve('@stoplight/prism-http'));
  const faker = require.resolve('@faker-js/faker', { paths: [prismHttp] });
  if (require.cache[faker]) return () => undefined;
  const english = require(require.resolve('@faker-js/faker/locale/en', { paths: [dirname(faker)] }));
  const standIn = { id: faker, filename: faker, loaded: true, exports: { default: english, faker: english } };
  require.cache[faker] = standIn;
  return () => {
    if (require.cache[faker] === standIn) Reflect.deleteProperty(require.cache, faker);
  };
}
