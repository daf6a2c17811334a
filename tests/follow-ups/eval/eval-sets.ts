import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalNote } from './eval-note.js';
import { generateNotes } from './generate-notes.js';

const here = dirname(fileURLToPath(import.meta.url));
const load = (file: string): EvalNote[] => JSON.parse(readFileSync(join(here, file), 'utf8')) as EvalNote[];

/** The development part: generated from the development vocabulary plus hand-written notes. Tune on this. */
export function developmentNotes(): EvalNote[] {
  return [...generateNotes(0, 4242, 400), ...load('dev-hand-written.json')];
}

/** The hand-written half of the frozen held-out part. */
export function heldOutHandWritten(): EvalNote[] {
  return load('held-out/hand-written.json');
}

/** The frozen held-out part (checked in, never tuned on): hand-written notes and generated ones. */
export function heldOutNotes(): EvalNote[] {
  return [...heldOutHandWritten(), ...load('held-out/generated.json')];
}

/** The field part: notes written as reps type them, before the rules were read. Never tuned on. */
export function fieldNotes(): EvalNote[] {
  return load('field-notes.json');
}
