import { readFileSync } from 'node:fs';
import { isVendor, unknownVendor, vendorDescriptor, vendorNames } from '../vendors/registry.js';
import type { Vendor, VendorCredentials } from '../vendors/types.js';

/**
 * Credentials are never written in scenarios: they come from `--credentials file.json`, from
 * `UNDERSTUDY_<VENDOR>_<KEY>` environment variables, or default to the mock's. A vendor's
 * credentials come from one source as a whole (file, else environment, else defaults), so a
 * partial file never mixes with the mock's defaults.
 */
export type Credentials = Record<Vendor, VendorCredentials>;

/** The mock's default credentials (see the mock's start-up banner), from each vendor's descriptor. */
export function defaultCredentials(vendor: Vendor): VendorCredentials {
  return { ...vendorDescriptor(vendor).defaultCredentials };
}

/** What the generic keys are for; a vendor's own keys say so on its descriptor (`credentialPurpose`). */
const GENERIC_PURPOSE: Record<string, string> = {
  user: 'the user to authenticate as',
  password: "that user's password",
  token: 'a bearer token',
};

/** What a credential key is for, in the error that says it is missing. */
export function credentialPurpose(vendor: Vendor, key: string): string {
  return vendorDescriptor(vendor).credentialPurpose?.[key] ?? GENERIC_PURPOSE[key] ?? key;
}

/**
 * Keys read from the environment, e.g. `UNDERSTUDY_GROUNDWORK_APP_NAME`: the generic ones and the
 * vendor's own (its default credentials and the variables its scenarios may use).
 */
export function credentialKeys(vendor: Vendor): string[] {
  const { defaultCredentials, auth } = vendorDescriptor(vendor);
  return [...new Set([...Object.keys(GENERIC_PURPOSE), ...Object.keys(defaultCredentials), ...(auth.variables ?? [])])];
}

/** Keys whose values are secrets: redacted from every report. */
export const SECRET_KEYS = new Set(['password', 'token']);

export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export function envName(vendor: Vendor, key: string): string {
  return `UNDERSTUDY_${vendor.toUpperCase()}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function loadCredentials(file?: string, env: NodeJS.ProcessEnv = process.env): Credentials {
  const fromFile: Partial<Record<Vendor, VendorCredentials>> = {};
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CredentialsError(`cannot read credentials file ${file}: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new CredentialsError(
        `${file}: expected an object keyed by vendor, e.g. {"moogsoft": {"user": "..", "password": ".."}}`,
      );
    }
    for (const [vendor, value] of Object.entries(parsed)) {
      if (!isVendor(vendor)) throw new CredentialsError(`${file}: ${unknownVendor(vendor)}`);
      if (
        !value ||
        typeof value !== 'object' ||
        Object.values(value as Record<string, unknown>).some((v) => typeof v !== 'string')
      ) {
        throw new CredentialsError(`${file}: ${vendor} must map names to strings`);
      }
      fromFile[vendor] = value as VendorCredentials;
    }
  }
  const out = {} as Credentials;
  for (const vendor of vendorNames()) {
    const fromEnv: VendorCredentials = {};
    for (const key of credentialKeys(vendor)) {
      const value = env[envName(vendor, key)];
      if (value !== undefined && value !== '') fromEnv[key] = value;
    }
    out[vendor] = fromFile[vendor] ?? (Object.keys(fromEnv).length > 0 ? fromEnv : defaultCredentials(vendor));
  }
  return out;
}

/** Every secret value, longest first, for redaction. */
export function secretsOf(credentials: VendorCredentials): string[] {
  return Object.entries(credentials)
    .filter(([key, value]) => SECRET_KEYS.has(key) && value.length >= 3)
    .map(([, value]) => value)
    .sort((a, b) => b.length - a.length);
}
