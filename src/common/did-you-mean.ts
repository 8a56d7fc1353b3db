import { distance } from 'fastest-levenshtein';

/**
 * The choice a misspelt word most likely meant, when one is close enough to be a typo (`pasword` →
 * `password`, `groundwrk` → `groundwork`): at most a third of the word's letters differ.
 */
export function closest(word: string, choices: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const choice of choices) {
    const d = distance(lower, choice.toLowerCase());
    if (d < bestDistance) {
      best = choice;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean 'password'?)`, or nothing when no choice is close. */
export function didYouMean(word: string, choices: readonly string[]): string {
  const match = closest(word, choices);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
