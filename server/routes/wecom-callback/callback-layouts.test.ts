import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { clearDatabase, useTestDatabase } from '../../../tests/support/database.js';
import { testCorp, wecomTestConfig } from '../../../tests/support/wecom.js';
import { parseXmlTree } from '../../wecom/callback/callback-xml.js';
import { callbackUrl, signedCallback } from '../../wecom/emulator/emulator-callbacks.js';
import { eventsAbout } from '../../../tests/support/wecom-events.js';
import { eventFields } from '../../wecom/callback/event-fields.js';

// A WeCom event laid out as WeCom writes it is read without building an XML tree (callback-xml.ts); every
// other layout goes through the XML library. Whichever way, what is stored is what the library reads from the
// event, and what it refuses is refused with the same code. The events here come from a generator with its own
// vocabulary of WeCom's field names and of the ways XML can be written (and miswritten), the library's reading
// being the expected answer.

useTestDatabase();

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const NAMES = ['FromUserName', 'MsgType', 'ChangeType', 'UserID', 'State', 'WelcomeCode', 'FailReason', 'ChatId'];
const ODD_NAMES = ['toString', 'constructor', 'prototype', 'Item', 'valueOf', 'hasOwnProperty', '__proto__'];
/** What WeCom's values hold: names, spaces, punctuation XML allows as it is. */
const PIECES = [
  'wm',
  '张三',
  'Lee',
  '0',
  ' ',
  '  ',
  '\t',
  '\n',
  ']',
  ']]',
  '>',
  '"',
  "'",
  '/',
  '\u3000',
  '\u00a0',
  '😀',
];
/** What XML text must escape, may not hold, or reads otherwise (a carriage return becomes a line feed). */
const BAD_PIECES = [
  '<',
  '&',
  '&amp;',
  '&lt;',
  '&bogus;',
  '\r',
  '\r\n',
  '\u0001',
  '\u007f',
  ']]>',
  '<b>x</b>',
  '<!-- c -->',
];

const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)]!;

function value(random: () => number, pieces: string[]): string {
  return Array.from({ length: Math.floor(random() * 7) }, () => pick(random, pieces)).join('');
}

/** One element as WeCom writes it: CDATA, or text where it holds nothing to escape. */
function plainElement(random: () => number, name: string, v = value(random, PIECES)): string {
  return random() < 0.6 || v.includes('>') ? `<${name}><![CDATA[${v}]]></${name}>` : `<${name}>${v}</${name}>`;
}

/** One way an element departs from that: still XML (read by the library), or not XML at all (refused). */
const MUTATIONS: ((random: () => number, name: string) => string)[] = [
  (random) => plainElement(random, pick(random, ODD_NAMES)),
  (random, name) => `<${name}>${value(random, BAD_PIECES)}</${name}>`,
  (random, name) => `<${name}><![CDATA[${value(random, BAD_PIECES)}]]></${name}>`,
  (random, name) => `<${name}><Item><![CDATA[${value(random, PIECES)}]]></Item><Item>1</Item></${name}>`,
  (random, name) => plainElement(random, name) + plainElement(random, name),
  (_, name) => `<${name}/>`,
  (_, name) => `<${name} kind="x">1</${name}>`,
  (random, name) => `<${name}>${value(random, PIECES).replace(/>/g, '')}</${name.toLowerCase()}>`,
  (random, name) => `<${name}><![CDATA[${value(random, PIECES)}]]>`,
  (random, name) => `<${name}> <![CDATA[${value(random, PIECES)}]]> </${name}>`,
  (random, name) => `<${name}><![CDATA[a]]]]><![CDATA[>b]]></${name}>`,
  () => '<?pi x?>',
  () => 'loose text',
];

/**
 * An add_external_contact-like event of its own contact (so no two share a key): half as WeCom writes them,
 * half with one element, space or declaration written another way.
 */
function layoutEvent(random: () => number, i: number): string {
  const fields = [`<ToUserName><![CDATA[${testCorp.corpId}]]></ToUserName>`, '<CreateTime>1772416800</CreateTime>'];
  fields.push(plainElement(random, 'Event', 'change_external_contact'));
  fields.push(`<ExternalUserID><![CDATA[wmLayout${i}]]></ExternalUserID>`);
  const names = [...NAMES].sort(() => random() - 0.5).slice(0, Math.floor(random() * 5));
  names.forEach((name) => fields.splice(1 + Math.floor(random() * fields.length), 0, plainElement(random, name)));
  let [space, declaration] = [['', '\n', ' ', '\t', '\n  '], ''];
  const mutation = random() < 0.5 ? Math.floor(random() * (MUTATIONS.length + 2)) : -1;
  if (mutation >= 0 && mutation < MUTATIONS.length) {
    const at = 1 + Math.floor(random() * fields.length);
    fields.splice(at, 0, MUTATIONS[mutation]!(random, pick(random, NAMES)));
  } else if (mutation === MUTATIONS.length) {
    space = ['\r\n', '\r'];
  } else if (mutation > MUTATIONS.length) {
    declaration = '<?xml version="1.0" encoding="UTF-8"?>';
  }
  return `${declaration}${pick(random, space)}<xml>${fields.map((f) => pick(random, space) + f).join('')}${pick(random, space)}</xml>`;
}

describe('POST /wecom/callback, events in every layout', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ config: wecomTestConfig('http://127.0.0.1:9/cgi-bin') });
  });
  afterAll(() => app.close());
  beforeEach(() => clearDatabase());

  it('when events of many layouts arrive, then each is stored with the fields the XML library reads, or refused with its code', async () => {
    const random = seeded(20261202);
    const outcomes: string[] = [];
    const expected: string[] = [];
    let stored = 0;
    for (let i = 0; i < 240; i++) {
      const xml = layoutEvent(random, i);
      let want: string;
      try {
        want = `200 ${JSON.stringify(parseXmlTree(xml))}`;
      } catch (error) {
        want = `400 ${(error as { code: string }).code}`;
      }
      const callback = signedCallback(testCorp, xml, app.clock.now());
      const res = await fetch(callbackUrl(`${app.url}/wecom/callback`, callback.query), {
        method: 'POST',
        body: callback.body,
      });
      let got = `${res.status}`;
      if (res.status === 200) {
        const [event] = await eventsAbout(`wmLayout${i}`);
        got += ` ${JSON.stringify(event && eventFields(event))}`;
        stored += 1;
      } else {
        got += ` ${((await res.json()) as { error: { code: string } }).error.code}`;
      }
      outcomes.push(`${JSON.stringify(xml)} → ${got}`);
      expected.push(`${JSON.stringify(xml)} → ${want}`);
    }
    expect(outcomes).toEqual(expected);
    // Both ways were taken: many stored, many refused.
    expect(stored).toBeGreaterThan(60);
    expect(240 - stored).toBeGreaterThan(15);
  });
});
