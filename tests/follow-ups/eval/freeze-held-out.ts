import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNotes } from './generate-notes.js';

// Run once to freeze the generated half of the held-out set (held-out vocabulary, its own seed):
// `npx tsx tests/follow-ups/eval/freeze-held-out.ts`. The file is checked in and never regenerated
// while the rules are tuned, so the held-out score stays honest.
const here = dirname(fileURLToPath(import.meta.url));
const notes = generateNotes(1, 20261201, 240);
writeFileSync(join(here, 'held-out', 'generated.json'), `${JSON.stringify(notes, null, 1)}\n`);
console.log(`wrote ${notes.length} held-out notes`);
