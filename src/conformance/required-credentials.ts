import { loadSpec, type OperationInfo } from '../spec/load.js';
import type { Vendor } from '../vendors/types.js';
import { credentialPurpose, CredentialsError, envName, type Credentials } from './credentials.js';
import { references } from './interpolate.js';
import type { LoadedScenario, LoadedStep } from './load-scenarios.js';
import { vendorDescriptor } from '../vendors/registry.js';

/**
 * Fails before anything is sent when the credentials lack a key the selected scenarios need: one
 * they name (`{{credentials.user}}`, Boomi's `{{containerId}}`), one that fills a path parameter
 * (`accountId`), or one the vendor's authentication needs (a token, or what its login sends).
 */
export function requireCredentials(credentials: Credentials, scenarios: LoadedScenario[]): void {
  const problems: string[] = [];
  for (const vendor of [...new Set(scenarios.map((s) => s.vendor))]) {
    const have = credentials[vendor] ?? {};
    const has = (key: string) => have[key] !== undefined && have[key] !== '';
    const needs = new Map<string, string>();
    const auth = new Set<string>();
    const profile = vendorDescriptor(vendor).auth;
    for (const scenario of scenarios.filter((s) => s.vendor === vendor)) {
      const requests = [...scenario.steps, ...[...scenario.preconditions.values()].map((p) => p.step)];
      const named = references({
        variables: scenario.scenario.variables,
        headers: scenario.scenario.headers,
        requests: requests.map(written),
      });
      for (const name of named) {
        const key = name.startsWith('credentials.')
          ? name.slice('credentials.'.length)
          : (profile.variables ?? []).includes(name)
            ? name
            : undefined;
        if (key && !needs.has(key)) needs.set(key, `${scenario.file} uses {{${name}}}`);
      }
      for (const step of requests) {
        for (const p of step.op.parameters) {
          if (
            p.in === 'path' &&
            !(p.name in step.path) &&
            (profile.variables ?? []).includes(p.name) &&
            !needs.has(p.name)
          )
            needs.set(p.name, `${scenario.file} sends it as the path parameter ${p.name}`);
        }
        if (step.op.security.length > 0 && step.step.auth !== 'none')
          for (const key of authNeeds(vendor, step.op, has)) auth.add(key);
      }
    }
    for (const key of auth) if (!needs.has(key)) needs.set(key, 'to authenticate');
    for (const [key, why] of needs) if (!has(key)) problems.push(missing(vendor, key, why));
  }
  if (problems.length > 0)
    throw new CredentialsError(
      `the credentials lack what the selected suites need:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
}

function written(step: LoadedStep): unknown {
  const { step: s } = step;
  return {
    path: s.path,
    query: s.query,
    headers: s.headers,
    body: s.body,
    xml: s.xml,
    form: s.form,
    capture: s.capture,
    expect: s.expect,
  };
}

function missing(vendor: Vendor, key: string, why: string): string {
  return (
    `${vendor}.${key} (${credentialPurpose(vendor, key)}; ${why}): add "${key}" under "${vendor}" in the ` +
    `--credentials file, or set ${envName(vendor, key)} when they come from the environment`
  );
}

/** The keys a secured operation's scheme needs; a token in the credentials spares what the login sends. */
function authNeeds(vendor: Vendor, op: OperationInfo, has: (key: string) => boolean): string[] {
  const profile = vendorDescriptor(vendor).auth;
  const schemes = loadSpec(vendor).securitySchemes;
  const out: string[] = [];
  for (const name of Object.keys(op.security[0] ?? {})) {
    const scheme = schemes[name];
    if (!scheme) continue;
    if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
      out.push('user', 'password');
      continue;
    }
    const template = scheme.type === 'apiKey' ? (profile.apiKeys?.[name] ?? '{{token}}') : '{{token}}';
    out.push(...[...references(template)].filter((k) => k !== 'token'));
    if (template.includes('{{token}}') && !has('token'))
      out.push(...references(profile.login?.form ?? profile.login?.json ?? {}));
  }
  return out;
}
