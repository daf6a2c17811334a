// One labelled note of the follow-up evaluation. `class` names how the note was made (a kind of real
// note, or the gaming mechanism); `valid` is the label a sales-ops reviewer would give it.
export interface EvalContext {
  contactName?: string;
  knownContactNames?: string[];
  nextStep?: string;
  nextFollowUpAt?: string;
  previousContent?: string;
}

export interface EvalNote {
  text: string;
  valid: boolean;
  class: string;
  context?: EvalContext;
}

/** A small deterministic random source (mulberry32), so generated parts are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Pick = <T>(items: readonly T[]) => T;

export function picker(random: () => number): Pick {
  return <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
}

/** Every other item: the development half (0) or the held-out half (1) of a vocabulary. */
export function half<T>(items: readonly T[], part: 0 | 1): T[] {
  return items.filter((_, i) => i % 2 === part);
}
