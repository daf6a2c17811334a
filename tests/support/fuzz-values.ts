import { pick, type Random } from './company-generator.js';

// Hostile inputs for the fuzzing pass, all drawn from one seeded generator so a failure reproduces:
// JSON values of every type (operators, prototype keys, huge and odd numbers, deep nesting), strings
// of every kind of Unicode trouble, and the raw texts a broken client sends.

export const int = (random: Random, max: number) => Math.floor(random() * max);

const unicodeSamples = [
  '字节跳动',
  '北京字节跳动科技有限公司',
  '𠮷野家',
  '😀🎉👨‍👩‍👧',
  '\u202e反转文本',
  'a\u0301\u0302\u0303',
  '\u200b\u200c\u200d\ufeff',
  'ﾃｽﾄ',
  'Ｆｕｌｌ　ｗｉｄｔｈ',
  '\u0000',
  '\u0007\u001b[31m',
  '\r\n\r\n',
  '\ud800',
  '\udfff',
  '\uffff',
  'مرحبا',
  'Ωμέγα',
  '🏳️‍🌈',
];

const nastyStrings = [
  '',
  ' ',
  '0',
  '-1',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '1e309',
  '0x1F',
  '[]',
  '{}',
  '{"$gt":""}',
  '$gt',
  '$where',
  '$ne',
  '__proto__',
  'constructor',
  'prototype',
  "' OR '1'='1",
  '"; DROP TABLE customers; --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '%s%s%s%n',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  'ffffffffffffffffffffffff',
  '000000000000000000000000',
  '64b7f0c2e1d3a4b5c6d7e8f9',
  '2026-02-30T25:61:00Z',
  '2026-03-02T02:00:00Z',
  '9999-12-31T23:59:59.999+14:00',
  '-000001-01-01T00:00:00Z',
  'A',
  'B',
  'pool',
  'nobody',
];

/** A string of random code points across the planes that trouble parsers and databases. */
export function randomText(random: Random, maxLength = 40): string {
  const length = int(random, maxLength + 1);
  let text = '';
  for (let i = 0; i < length; i++) {
    const roll = random();
    const code =
      roll < 0.3
        ? 0x20 + int(random, 0x5f)
        : roll < 0.55
          ? 0x4e00 + int(random, 0x5000)
          : roll < 0.65
            ? int(random, 0x20)
            : roll < 0.75
              ? 0x1f300 + int(random, 0x300)
              : roll < 0.8
                ? 0xd800 + int(random, 0x800)
                : int(random, 0x10000);
    text += String.fromCodePoint(code);
  }
  return text;
}

export function randomString(random: Random): string {
  const roll = random();
  if (roll < 0.3) {
    return pick(random, nastyStrings);
  }
  if (roll < 0.45) {
    return pick(random, unicodeSamples);
  }
  if (roll < 0.5) {
    return pick(random, ['x', '中', '😀', '\u0000', ' ']).repeat(1000 + int(random, 20_000));
  }
  return randomText(random);
}

export function randomNumber(random: Random): number {
  return pick(random, [
    0,
    -0,
    1,
    -1,
    0.5,
    1e21,
    -1e21,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -(2 ** 31),
    2 ** 32,
    3.14159,
    7,
    50,
    3650,
    100000,
  ]);
}

const operators = [
  '$gt',
  '$gte',
  '$lt',
  '$ne',
  '$in',
  '$nin',
  '$regex',
  '$where',
  '$exists',
  '$expr',
  '$function',
  '$or',
  '$set',
];

/** A random JSON value, nested up to `depth` levels, operators and prototype keys included. */
export function randomJson(random: Random, depth = 3): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.35) {
    return pick(random, [() => null, () => random() < 0.5, () => randomNumber(random), () => randomString(random)])();
  }
  if (roll < 0.5) {
    return Array.from({ length: int(random, 4) }, () => randomJson(random, depth - 1));
  }
  if (roll < 0.7) {
    return { [pick(random, operators)]: randomJson(random, depth - 1) };
  }
  const object: Record<string, unknown> = {};
  for (let i = 0, n = 1 + int(random, 3); i < n; i++) {
    object[
      random() < 0.5 ? randomText(random, 8) : pick(random, [...operators, 'constructor', 'toString', 'a.b', ''])
    ] = randomJson(random, depth - 1);
  }
  return object;
}

/** Raw request bodies no JSON client would send. */
export function brokenJsonText(random: Random): string {
  const depth = 2000 + int(random, 8000);
  return pick(random, [
    () => '{',
    () => '{"a":',
    () => '[1,2',
    () => '{"code": "abc"',
    () => 'null',
    () => '"just a string"',
    () => '12345',
    () => '\ufeff{"code":"x"}',
    () => '{"a":1,}',
    () => "{'a':1}",
    () => '{"a":NaN}',
    () => '{"a":Infinity}',
    () => '{/*c*/}',
    () => '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    () => '{"a":"\\ud800"}',
    () => '{"a":"\\u0000"}',
    () => '{"a":1,"a":{"$gt":""}}',
    () => '['.repeat(depth) + ']'.repeat(depth),
    () => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    () => randomText(random, 200),
    () => 'x'.repeat(300_000),
  ])();
}

/** Percent-encodes any text (lone surrogates become U+FFFD; broken encodings are sent on purpose elsewhere). */
export const encode = (text: string) =>
  encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** A path segment as a client might put it in the URL: odd, oversized, encoded, or badly encoded. */
export function randomSegment(random: Random): string {
  return pick(random, [
    () => encode(randomString(random).slice(0, 3000)) || '%20',
    () =>
      pick(random, [
        '%E0%A4%A',
        '%',
        '%zz',
        '%C0%AF',
        '%ED%A0%80',
        '..',
        '%2e%2e',
        '%2F',
        '%00',
        '%FF%FE',
        'a%2Fb',
        '%7B%22%24gt%22%3A%22%22%7D',
      ]),
    () => Array.from({ length: 24 }, () => '0123456789abcdef'[int(random, 16)]).join(''),
    () => 'f'.repeat(25),
    () => 'F'.repeat(24),
    () => 'g'.repeat(24),
    () => 'x'.repeat(8000),
  ])();
}

/** A query string that is wrong in some way: unknown keys, repeated keys, bracket operators, bad encoding. */
export function randomQuery(random: Random, known: string[]): string {
  const keys = [...known, 'ownerId', '$where', '__proto__', 'q[$regex]', 'page[$gt]', 'a[]', ''];
  const parts: string[] = [];
  for (let i = 0, n = 1 + int(random, 4); i < n; i++) {
    const key = pick(random, keys);
    const value = pick(random, [
      () => encode(String(randomJson(random, 0))),
      () => randomSegment(random),
      () => '',
      () => pick(random, ['-1', '0', '51', '1e3', '1.5', '999999999', '00001', ' 1', 'NaN']),
    ])();
    parts.push(`${encode(key).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%24/g, '$')}=${value}`);
    if (random() < 0.2) {
      parts.push(`${encode(key)}=${value}`); // repeated: arrives as an array
    }
  }
  return parts.join('&');
}
