// Typed clients, one per vendor: openapi-fetch over the types generated from specs/. For frontend
// developers pointing at the mock (or the real vendor), and for this project's own tests.
import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths as BoomiPaths } from './generated/boomi.js';
import type { paths as GroundworkPaths } from './generated/groundwork.js';
import type { paths as MoogsoftPaths } from './generated/moogsoft.js';
import type { paths as PolarityPaths } from './generated/polarity.js';

export const createGroundworkClient = (options: ClientOptions) => createClient<GroundworkPaths>(options);
export const createMoogsoftClient = (options: ClientOptions) => createClient<MoogsoftPaths>(options);
export const createPolarityClient = (options: ClientOptions) => createClient<PolarityPaths>(options);
export const createBoomiClient = (options: ClientOptions) => createClient<BoomiPaths>(options);

export type { BoomiPaths, GroundworkPaths, MoogsoftPaths, PolarityPaths };
