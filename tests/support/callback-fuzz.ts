import { randomBytes } from 'node:crypto';
import { callbackSignature, encryptPayload } from '../../server/wecom/callback/callback-crypto.js';
import { eventXml, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import type { EmulatorCorp } from '../../server/wecom/emulator/emulator-corp.js';
import { pick, type Random } from './company-generator.js';
import { int, randomSegment, randomText } from './fuzz-values.js';

// Mutated WeCom callbacks for the fuzzing pass: URL verifications and event posts broken at every
// layer — query, signature, timestamp, envelope, base64, ciphertext, and (correctly signed and
// encrypted) plaintexts that are not an event. None of them is a storable event, so none may be stored.

export interface FuzzRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The error codes the operation documents (OpenAPI): any other code is a broken contract. */
  documented?: string[];
}

const seconds = (at: Date) => String(Math.floor(at.getTime() / 1000));

/** Plaintexts that decrypt fine but are no event: no Event/MsgType/InfoType, or not XML at all. */
function badPlaintext(random: Random, corp: EmulatorCorp, now: Date): string {
  const depth = 500 + int(random, 5000);
  return pick(random, [
    () => '',
    () => 'not xml at all',
    () => '<xml></xml>',
    () => '<xml><Foo>1</Foo></xml>',
    () => '<xml><Event></Event></xml>',
    () => '<xml><Event><![CDATA[]]></Event><ChangeType>add_external_contact</ChangeType></xml>',
    () => '<notxml><Event>change_external_contact</Event></notxml>',
    () => '<xml><Event>change_external_contact</Event>',
    () => '<xml><Event><a><b>nested</b></a></Event></xml>',
    () => `<xml>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</xml>`,
    () => '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Event>&x;</Event></xml>',
    () => '<?xml version="1.0"?><!-- only a comment -->',
    () => `<xml><ToUserName>${corp.corpId}</ToUserName>${'<Pad>x</Pad>'.repeat(3000)}</xml>`,
    () =>
      eventXml(corp, now, { ChangeType: 'add_external_contact', UserID: 'rep1' }).replace(
        /<MsgType>.*?<\/MsgType>/,
        '',
      ),
    () => randomText(random, 300),
    () => JSON.stringify({ Event: 'change_external_contact' }),
  ])();
}

/** Any text that is not valid base64 ciphertext of whole blocks. */
function badEncrypt(random: Random, valid: string): string {
  return pick(random, [
    () => valid.slice(0, int(random, valid.length)),
    () => `${valid}A`,
    () => valid.replace(/[A-Za-z]/, '%'),
    () => valid.replace(/=+$/, ''),
    () => randomBytes(16 * (1 + int(random, 8))).toString('base64'),
    () => randomBytes(32 * (1 + int(random, 8))).toString('base64'),
    () => randomBytes(33).toString('base64'),
    () => '',
    () => '====',
    () => valid.split('').reverse().join(''),
    () => valid.replace(/[A-Za-z0-9]/g, (c) => (random() < 0.02 ? 'A' : c)),
    () => randomText(random, 100),
  ])();
}

/** Encrypted for another corp or with another key (genuine: also with the right key and corp). */
function encryptedWith(corp: EmulatorCorp, random: Random, plaintext: string, genuine: boolean): string {
  return pick(random, [
    ...(genuine ? [() => encryptPayload(corp.aesKey, plaintext, corp.corpId)] : []),
    () => encryptPayload(corp.aesKey, plaintext, pick(random, ['wwsomeothercorp', '', 'x'.repeat(80), '../../etc'])),
    () => encryptPayload('b3RoZXJrZXlvdGhlcmtleW90aGVya2V5b3RoZXJrZXk', plaintext, corp.corpId),
  ])();
}

const envelope = (corp: EmulatorCorp, encrypted: string) =>
  `<xml><ToUserName><![CDATA[${corp.corpId}]]></ToUserName><AgentID><![CDATA[${corp.agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;

function signedQuery(corp: EmulatorCorp, random: Random, encrypted: string, now: Date): Record<string, string> {
  const skew = pick(random, [0, 0, 0, -301, 301, -86_400, 1e9]);
  const timestamp =
    random() < 0.9
      ? String(Math.max(0, Number(seconds(now)) + skew))
      : pick(random, ['', 'abc', '-1', '99999999999999999999', '1.5e9']);
  const nonce = random() < 0.9 ? String(int(random, 1e9)) : pick(random, ['', 'n'.repeat(200), '%00']);
  const signature = callbackSignature(corp.token, timestamp, nonce, encrypted);
  return {
    msg_signature: pick(random, [
      signature,
      signature,
      signature,
      signature.toUpperCase(),
      signature.slice(1),
      'f'.repeat(40),
      '',
      'z'.repeat(40),
    ]),
    timestamp,
    nonce,
  };
}

function urlOf(query: Record<string, string>, random: Random): string {
  const base = new URLSearchParams(query).toString();
  const extra = pick(random, [
    '',
    '',
    '',
    `&msg_signature=${'a'.repeat(40)}`,
    `&timestamp[$gt]=0`,
    `&x=${randomSegment(random)}`,
  ]);
  return `/wecom/callback?${base}${extra}`;
}

/** A URL verification (GET) with something wrong, or (sometimes) right: it stores nothing either way. */
export function fuzzVerification(random: Random, corp: EmulatorCorp, now: Date): FuzzRequest {
  const echo = String(int(random, 1e12));
  const valid = encryptPayload(corp.aesKey, echo, corp.corpId);
  const echostr = pick(random, [
    valid,
    valid,
    badEncrypt(random, valid),
    encryptedWith(corp, random, echo, false),
    encryptedWith(corp, random, badPlaintext(random, corp, now), true),
  ]);
  const query = signedQuery(corp, random, echostr, now);
  const dropped = random() < 0.15 ? pick(random, ['msg_signature', 'timestamp', 'nonce', 'echostr']) : '';
  const full: Record<string, string> = { ...query, echostr: random() < 0.1 ? echostr.replace(/\+/g, ' ') : echostr };
  delete full[dropped];
  return { label: 'GET /wecom/callback', method: 'GET', path: urlOf(full, random), headers: {} };
}

/** An event POST broken somewhere between the query and the plaintext. */
export function fuzzEventPost(random: Random, corp: EmulatorCorp, now: Date): FuzzRequest {
  const event = eventXml(corp, now, {
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: 'rep1',
    ExternalUserID: `wm${int(random, 1e9)}`,
  });
  const genuine = signedCallback(corp, event, now);
  const validEncrypt = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(genuine.body)![1]!;
  const headers = {
    'content-type': pick(random, [
      'text/xml',
      'application/xml',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
    ]),
  };
  const layer = int(random, 5);
  if (layer === 0) {
    // The genuine event, but the query is forged or missing.
    const query = {
      ...genuine.query,
      ...pick(random, [
        { msg_signature: 'f'.repeat(40) },
        { timestamp: '1' },
        { nonce: `${genuine.query.nonce}1` },
        { msg_signature: '' },
      ]),
    };
    return {
      label: 'POST /wecom/callback (forged query)',
      method: 'POST',
      path: urlOf(query, random),
      headers,
      body: genuine.body,
    };
  }
  if (layer === 1) {
    // The envelope itself is broken: truncated, bit-flipped, not XML, oversized, binary.
    const body = pick(random, [
      () => genuine.body.slice(0, int(random, genuine.body.length)),
      () => genuine.body.replace('<Encrypt>', '<Encrypt><![CDATA[x]]></Encrypt><Encrypt>'),
      () => genuine.body.replace(/<Encrypt>.*<\/Encrypt>/, '<Encrypt><a>b</a></Encrypt>'),
      () => genuine.body.replace('</xml>', `<Pad>${'x'.repeat(70_000)}</Pad></xml>`),
      () => `<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa">]>${genuine.body}`,
      () => '',
      () => randomText(random, 500),
      () => JSON.stringify(genuine),
    ])();
    return {
      label: 'POST /wecom/callback (broken envelope)',
      method: 'POST',
      path: urlOf(genuine.query, random),
      headers,
      body: random() < 0.1 ? randomBytes(int(random, 2000)) : body,
    };
  }
  // Correctly signed over what is in <Encrypt>, so the layer below the signature is what fails; the
  // genuine event is only ever encrypted for another corp or with another key (else it is storable).
  const encrypted =
    layer === 2
      ? badEncrypt(random, validEncrypt)
      : layer === 3
        ? encryptedWith(corp, random, badPlaintext(random, corp, now), true)
        : encryptedWith(corp, random, event, false);
  const query = signedQuery(corp, random, encrypted, now);
  return {
    label: `POST /wecom/callback (signed, bad ${['', '', 'base64', 'plaintext', 'key or receiver'][layer]})`,
    method: 'POST',
    path: urlOf(query, random),
    headers,
    body: envelope(corp, encrypted),
  };
}

const cdata = (value: string) => `<![CDATA[${value.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/**
 * A genuine-looking event (right key, corp and signature) whose fields are odd: absurd times, Unicode
 * and oversized ids, unknown events, repeated, nested and strangely named elements. It is a storable
 * event or refused as bad XML; either way the answer must say truthfully whether it was stored.
 */
export function oddEventXml(random: Random, corp: EmulatorCorp, now: Date): string {
  const text = () =>
    pick(random, [
      () => randomText(random, 30),
      () => randomSegment(random),
      () => 'x'.repeat(int(random, 20_000)),
      () => 'wmABC123',
      () => '',
    ])();
  const fields: string[] = [
    `<ToUserName>${cdata(corp.corpId)}</ToUserName>`,
    '<FromUserName><![CDATA[sys]]></FromUserName>',
    `<CreateTime>${pick(random, [seconds(now), seconds(now), '99999999999999999999', '-1', '0', 'abc', '', '1e300', '8640000000000'])}</CreateTime>`,
    '<MsgType><![CDATA[event]]></MsgType>',
    `<Event>${cdata(pick(random, ['change_external_contact', 'change_contact', 'change_external_chat', 'change_external_tag', 'unknown_event', randomText(random, 12) || 'e']))}</Event>`,
    `<ChangeType>${cdata(pick(random, ['add_external_contact', 'edit_external_contact', 'del_follow_user', 'update_user', 'create', randomText(random, 10)]))}</ChangeType>`,
    `<UserID>${cdata(text())}</UserID>`,
    `<ExternalUserID>${cdata(text())}</ExternalUserID>`,
  ];
  for (let i = 0, n = int(random, 4); i < n; i++) {
    fields.push(
      pick(random, [
        () => `<Item>${cdata(text())}</Item><Item><Sub>${cdata(text())}</Sub></Item>`,
        () => `<a.b>${cdata(text())}</a.b>`,
        () => `<x:y>1</x:y>`,
        () => `<_id>${cdata(text())}</_id>`,
        () => `<constructor>1</constructor>`,
        () => `<__proto__><polluted>1</polluted></__proto__>`,
        () => `<Id>${cdata(text())}</Id>`,
        () => `<Nested>${'<N>'.repeat(50)}1${'</N>'.repeat(50)}</Nested>`,
        () => `<UserID>${cdata('second')}</UserID>`,
      ])(),
    );
  }
  return `<xml>${fields.join('')}</xml>`;
}
