// Typed clients, one per vendor: openapi-fetch over the types generated from specs/ (the factories
// are generated from the vendor list, src/vendors/built-in.ts). For frontend developers pointing at
// the mock (or the real vendor), and for this project's own tests.
export * from './generated/clients.js';
