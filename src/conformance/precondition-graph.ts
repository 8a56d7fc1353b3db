// A scenario's preconditions as a graph: which one requires which, what each captures, and the
// names a step may give (with a hint on a typo). Built once per scenario file by load-scenarios.ts.
import { escapePointer } from '../spec/spec-index.js';
import { closest } from '../common/did-you-mean.js';
import { present } from '../common/present.js';
import type { Precondition } from './scenario-schema.js';

type Report = (pointer: string, message: string) => void;

export interface PreconditionGraph {
  /** The preconditions' names, in the order the file writes them. */
  names: string[];
  of(name: string): Precondition;
  /** The names a precondition requires directly (unknown ones reported and left out). */
  requiresOf(name: string): string[];
  /** The known names of a `requires` list; each unknown one is reported at `pointer/i`. */
  checkNames(list: string[] | undefined, pointer: string): string[];
  /** The names and every name they require, each once. */
  closure(list: string[]): string[];
  /** The variables the preconditions of `list` (and those they require) capture. */
  capturesOf(list: string[]): string[];
  /** A "{{x}} is not defined" message, told which precondition to require when one captures x. */
  hint(message: string): string;
}

export function preconditionGraph(written: Record<string, Precondition>, at: Report): PreconditionGraph {
  const names = Object.keys(written);
  const of = (name: string): Precondition => present(written[name], `precondition ${name}`);
  const checkNames = (list: string[] | undefined, pointer: string): string[] => {
    const known: string[] = [];
    (list ?? []).forEach((name, i) => {
      if (name in written) known.push(name);
      else at(`${pointer}/${i}`, `no precondition '${name}' in this scenario (${unknownHelp(name, names)})`);
    });
    return known;
  };
  const direct = new Map(
    names.map((name) => [name, checkNames(of(name).requires, `/preconditions/${escapePointer(name)}/requires`)]),
  );
  const closure = (list: string[], seen = new Set<string>()): string[] => {
    for (const name of list) {
      if (seen.has(name)) continue;
      seen.add(name);
      closure(direct.get(name) ?? [], seen);
    }
    return [...seen];
  };
  // A variable a precondition captures is set only for steps that require it: say which to name.
  const capturedBy = new Map(names.flatMap((n) => Object.keys(of(n).capture ?? {}).map((v) => [v, n] as const)));
  return {
    names,
    of,
    requiresOf: (name) => direct.get(name) ?? [],
    checkNames,
    closure: (list) => closure(list),
    capturesOf: (list) => closure(list).flatMap((n) => Object.keys(of(n).capture ?? {})),
    hint: (message) => {
      const name = /^\{\{(.+?)\}\} is not defined/.exec(message)?.[1];
      const by = name === undefined ? undefined : capturedBy.get(name);
      return by ? `{{${name}}} is captured by precondition '${by}': add '${by}' to this step's requires` : message;
    },
  };
}

function unknownHelp(name: string, names: string[]): string {
  const hint = closest(name, names);
  if (hint) return `did you mean '${hint}'?`;
  return names.length ? `it has: ${names.join(', ')}` : 'define it under preconditions';
}
