import { describe, expect, it } from 'vitest';
import { eventQuery, plainEventQuery } from './wecom-callback.schema.js';

// plainEventQuery reads the query WeCom sends without zod; whatever it accepts must be exactly what the schema
// makes of it, and whatever the schema refuses it must leave to the schema (null). Generated queries around
// every limit: lengths 0/1/128/129 (in UTF-16 units; the schema counts code points), repeated names (arrays), missing and extra names, timestamps of 0–14
// characters with non-digits, non-ASCII digits, blanks and line breaks, and non-BMP characters.

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ALPHABET = ['a', 'F', '0', '9', ' ', '+', '-', '\n', '\t', '٣', '０', '中', '😀', '%', '=', '&', '\u0000'];
const LENGTHS = [0, 1, 2, 40, 127, 128, 129, 200];

function text(next: () => number, length: number): string {
  let out = '';
  while (out.length < length) {
    out +=
      next() < 0.7
        ? String.fromCharCode(97 + Math.floor(next() * 26))
        : ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  }
  return out;
}

function timestamp(next: () => number): string {
  const digits = String(Math.floor(next() * 1e14)).slice(0, Math.floor(next() * 15));
  const roll = next();
  if (roll < 0.6) {
    return digits;
  }
  const at = Math.floor(next() * (digits.length + 1));
  const odd = [' ', '\n', '-', '+', 'a', '٣', '０', '.', 'e'][Math.floor(next() * 9)]!;
  return roll < 0.8 ? `${digits.slice(0, at)}${odd}${digits.slice(at)}` : `${digits}${odd}`;
}

function value(next: () => number, make: () => string): unknown {
  const roll = next();
  if (roll < 0.08) {
    return undefined;
  }
  if (roll < 0.16) {
    return [make(), make()];
  }
  if (roll < 0.18) {
    return [make()];
  }
  return make();
}

function query(next: () => number): Record<string, unknown> {
  const sized = () => text(next, LENGTHS[Math.floor(next() * LENGTHS.length)]!);
  const parts: Record<string, unknown> = {
    msg_signature: value(next, sized),
    timestamp: value(next, () => timestamp(next)),
    nonce: value(next, sized),
  };
  if (next() < 0.3) {
    parts[next() < 0.5 ? 'echostr' : 'extra'] = sized();
  }
  const made = next() < 0.5 ? (Object.create(null) as Record<string, unknown>) : {};
  for (const [name, v] of Object.entries(parts)) {
    if (v !== undefined) {
      made[name] = v;
    }
  }
  return made;
}

describe('the event query read without the schema', () => {
  it('when queries of every shape are read, then each accepted one is what the schema parses and the rest are left to it', () => {
    const next = random(18);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const q = query(next);
      const parsed = eventQuery.safeParse(q);
      const plain = plainEventQuery(q);
      if (plain === null) {
        // Left to the schema; of what it accepts, only strings over 128 UTF-16 units (the schema counts code
        // points) land here.
        if (parsed.success) {
          expect(
            Object.values(parsed.data).some((v) => v.length > 128),
            JSON.stringify(q),
          ).toBe(true);
        }
      } else {
        accepted += 1;
        expect(parsed.success, JSON.stringify(q)).toBe(true);
        expect(plain).toStrictEqual(parsed.data);
        expect(Object.keys(plain)).toEqual(Object.keys(parsed.data!));
      }
    }
    // Enough of both sides to mean something.
    expect(accepted).toBeGreaterThan(2_000);
    expect(accepted).toBeLessThan(18_000);
  });
});
