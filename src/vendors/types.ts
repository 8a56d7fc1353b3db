// The names every part of understudy uses for a vendor and its credentials: types only, importing
// nothing, so that the registry, the vendors and their users can share them without a circle.

/** A vendor's name (`groundwork`): any registered one, so a plain string checked by `isVendor`. */
export type Vendor = string;

/** One vendor's credentials for `verify` and `fuzz`: `user`, `password`, `token`, or a vendor's own keys. */
export type VendorCredentials = Record<string, string>;
