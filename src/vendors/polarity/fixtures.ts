import { CATALOGUE, COPIES, type CatalogueEntry, type OptionSet } from './catalogue.js';
import type {
  ErrorAttributes,
  LoginConfig,
  OptionAttributes,
  PolarityState,
  StoredError,
  StoredIntegration,
} from './state.js';
import { cyclic } from '../../common/present.js';

/**
 * 135 integrations, as the vendor document's example counts, built by fixed rules so every number is known:
 * - every 9th (index 8, 17, … 134) is stopped: 15 stopped, 120 running;
 * - every 7th (index 0, 7, … 133) has errors: 20 integrations, 2 of them stopped (35, 98);
 *   18 running with errors, 102 running without, 13 stopped without;
 * - the n-th integration with errors has 1, 2, 3, 1, 2, 3 … errors: 39 errors in all.
 * Index 0 is the spec's VirusTotal example, its one error and its one option, value for value.
 */
export const FIXTURE_COUNTS = {
  integrations: 135,
  running: 120,
  stopped: 15,
  withErrors: 20,
  runningWithErrors: 18,
  stoppedWithErrors: 2,
  errors: 39,
} as const;

const isStopped = (index: number) => index % 9 === 8;
const hasErrors = (index: number) => index % 7 === 0;
const errorCount = (index: number) => 1 + ((index / 7) % 3);

export function fixtureState(empty: boolean, config: LoginConfig): PolarityState {
  const state: PolarityState = { integrations: [], errors: [], sessions: new Map(), config };
  if (empty) return state;
  COPIES.forEach((suffix, copy) => {
    CATALOGUE.forEach((entry, k) => {
      const index = copy * CATALOGUE.length + k;
      const integration = install(entry, suffix, copy, k, index);
      state.integrations.push(integration);
      if (hasErrors(index)) {
        for (let j = 0; j < errorCount(index); j++) state.errors.push(errorOf(integration, index, j));
      }
    });
  });
  return state;
}

function install(entry: CatalogueEntry, suffix: string, copy: number, k: number, index: number): StoredIntegration {
  // The example's id is `virustotal_node_18_1725278818`; copies run on a newer Node and were installed later.
  const id = `${entry.slug}_node_${copy === 0 ? 18 : 20}_${1725278818 + index * 86413}`;
  const name = entry.name + suffix;
  return {
    id,
    attributes: {
      name,
      acronym: entry.acronym,
      description:
        entry.description ??
        `Searches ${entry.name} for ${entry.entityTypes.join(', ')} entities and shows what it knows about them.`,
      status: isStopped(index) ? 'stopped' : 'running',
      version: entry.version ?? `${1 + (k % 4)}.${(k * 3) % 10}.${index % 7}`,
      'entity-types': [...entry.entityTypes],
      'custom-types': [],
    },
    options: optionsOf(entry.name, entry.slug, entry.options),
  };
}

function optionsOf(name: string, slug: string, set: OptionSet): OptionAttributes[] {
  const url = `https://api.${slug.replace(/_/g, '')}.example.com`;
  const apiKey: OptionAttributes = {
    key: 'apiKey',
    name: `${name} API Key`,
    description: `Your ${name} API Key`,
    default: '',
    type: 'password',
    value: '********',
    'user-can-edit': true,
    'admin-only': false,
  };
  const urlOption: OptionAttributes = {
    key: 'url',
    name: 'URL',
    description: `The base URL of the ${name} REST API`,
    default: url,
    type: 'text',
    value: url,
    'user-can-edit': false,
    'admin-only': true,
  };
  const username: OptionAttributes = {
    key: 'username',
    name: 'Username',
    description: `The ${name} account to search with`,
    default: '',
    type: 'text',
    value: 'polarity-svc',
    'user-can-edit': false,
    'admin-only': true,
  };
  const password: OptionAttributes = {
    ...apiKey,
    key: 'password',
    name: 'Password',
    description: `The password of the ${name} account`,
    'user-can-edit': false,
    'admin-only': true,
  };
  if (set === 'apiKey') return [apiKey];
  if (set === 'urlKey') return [urlOption, apiKey];
  return [urlOption, username, password];
}

interface ErrorKind {
  status: number;
  title: string;
  detail: (name: string) => string;
}

// Kind 0 is the spec's §Error Model example.
const KINDS: ErrorKind[] = [
  {
    status: 429,
    title: 'Integration lookup error',
    detail: (n) => `${n} returned HTTP 429 (Too Many Requests); the API key's request quota is exhausted.`,
  },
  {
    status: 401,
    title: 'Authentication failed',
    detail: (n) => `${n} rejected the configured credentials (HTTP 401 Unauthorized); check the integration options.`,
  },
  {
    status: 503,
    title: 'Service unavailable',
    detail: (n) => `${n} is temporarily unavailable (HTTP 503 Service Unavailable).`,
  },
  {
    status: 504,
    title: 'Request timed out',
    detail: (n) => `The request to ${n} timed out after 30 seconds (HTTP 504 Gateway Timeout).`,
  },
  {
    status: 500,
    title: 'Unexpected response',
    detail: (n) => `${n} answered HTTP 500 (Internal Server Error) with a body the integration could not read.`,
  },
  {
    status: 403,
    title: 'Access denied',
    detail: (n) => `The ${n} account is not licensed for this lookup (HTTP 403 Forbidden).`,
  },
];
const ENTITIES = [
  '8.8.8.8',
  'example.com',
  '44d88612fea8a8f36de82e1278abb02f',
  'https://login.example.net/reset',
  '203.0.113.7',
  'analyst@example.org',
];
const LAST = Date.UTC(2025, 0, 8, 14, 32, 10, 512); // the example's 2025-01-08T14:32:10.512Z

function errorOf(integration: StoredIntegration, index: number, j: number): StoredError {
  const kind = cyclic(KINDS, index / 7 + j);
  const name = integration.attributes.name;
  const attributes: ErrorAttributes = {
    message: `Request to ${name} failed`,
    title: kind.title,
    detail: kind.detail(name),
    count: 3 + ((index + j * 5) % 23),
    'integration-id': integration.id,
    meta: { entityValue: cyclic(ENTITIES, index + j) },
    error: { statusCode: kind.status },
    'last-occurrence': new Date(LAST - (index * 37 + j * 11) * 60_000).toISOString(),
    status: kind.status,
  };
  // Index 0, error 0 gives the example's id 3f9a1c52-7d4e-4b8a-9c61-2e5d8f0b7a14.
  return { id: `3f9a1c52-7d4e-4b8a-9c61-${(0x2e5d8f0b7a14 + index * 16 + j).toString(16)}`, attributes };
}
