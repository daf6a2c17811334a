import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WecomEventModel } from '../../../models/wecom/wecom-event.model.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { clearDatabase, useTestDatabase } from '../../../tests/support/database.js';
import { testCorp, wecomTestConfig } from '../../../tests/support/wecom.js';
import { callbackSignature, encryptPayload } from '../../wecom/callback/callback-crypto.js';
import { callbackUrl, eventXml, signedCallback, type SignedCallback } from '../../wecom/emulator/emulator-callbacks.js';
import { eventFields } from '../../wecom/callback/event-fields.js';

useTestDatabase();

const vector = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  timestamp: '1409659589',
  nonce: '263014780',
  signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};

describe('GET /wecom/callback (URL verification)', () => {
  let app: TestApp;
  beforeAll(async () => {
    const config = wecomTestConfig(
      'http://127.0.0.1:9/cgi-bin',
      {},
      {
        corpId: vector.corpId,
        token: vector.token,
        aesKey: vector.aesKey,
        secret: 's',
        agentId: 1,
      },
    );
    app = await startTestApp({ config }, new Date(Number(vector.timestamp) * 1000).toISOString());
  });
  afterAll(() => app.close());

  it("when WeCom's official test vector arrives, then the server answers exactly the decrypted msg", async () => {
    const query = new URLSearchParams({
      msg_signature: vector.signature,
      timestamp: vector.timestamp,
      nonce: vector.nonce,
      echostr: vector.echostr,
    });
    const res = await fetch(`${app.url}/wecom/callback?${query.toString()}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('when the echostr arrives with unencoded "+" signs, then it still verifies', async () => {
    const raw = `msg_signature=${vector.signature}&timestamp=${vector.timestamp}&nonce=${vector.nonce}&echostr=${vector.echostr.replace(/\//g, '%2F').replace(/=/g, '%3D')}`;
    const res = await fetch(`${app.url}/wecom/callback?${raw}`);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('when the signature is wrong, then 401 WECOM_CALLBACK_SIGNATURE_INVALID and no echo', async () => {
    const query = new URLSearchParams({
      msg_signature: vector.signature.replace(/^5/, '6'),
      timestamp: vector.timestamp,
      nonce: vector.nonce,
      echostr: vector.echostr,
    });
    const res = await fetch(`${app.url}/wecom/callback?${query.toString()}`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('WECOM_CALLBACK_SIGNATURE_INVALID');
  });
});

describe('POST /wecom/callback', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ config: wecomTestConfig('http://127.0.0.1:9/cgi-bin') });
  });
  afterAll(() => app.close());
  beforeEach(() => clearDatabase());

  const addEvent = (externalUserId = 'wmA') =>
    eventXml(testCorp, app.clock.now(), {
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'rep1',
      ExternalUserID: externalUserId,
      State: 'expo',
      WelcomeCode: 'w',
    });
  const post = (callback: SignedCallback, init: RequestInit = {}) =>
    fetch(callbackUrl(`${app.url}/wecom/callback`, callback.query), {
      method: 'POST',
      body: callback.body,
      ...init,
    });
  /** A callback whose <Encrypt> is the given text, correctly signed: only what is inside is wrong. */
  const signedEncrypt = (encrypted: string): SignedCallback => {
    const timestamp = String(Math.floor(app.clock.now().getTime() / 1000));
    return {
      query: { msg_signature: callbackSignature(testCorp.token, timestamp, '42', encrypted), timestamp, nonce: '42' },
      body: `<xml><ToUserName><![CDATA[${testCorp.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
    };
  };

  it('when a valid event arrives, then it is stored and acknowledged with 200 and an empty body', async () => {
    const res = await post(signedCallback(testCorp, addEvent(), app.clock.now()));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const stored = await WecomEventModel.find().lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      event: 'change_external_contact',
      changeType: 'add_external_contact',
      status: 'pending',
    });
    expect(eventFields(stored[0]!)).toMatchObject({ UserID: 'rep1', ExternalUserID: 'wmA', State: 'expo' });
  });

  it('when WeCom resends the same event (re-encrypted, new nonce), then it is acknowledged and stored once', async () => {
    const xml = addEvent();
    for (let i = 0; i < 3; i++) {
      expect((await post(signedCallback(testCorp, xml, app.clock.now()))).status).toBe(200);
    }
    expect(await WecomEventModel.countDocuments()).toBe(1);
  });

  it('when events no handler reads differ only in their content within one second (a chat change, a finished job), then each is stored and a resend still once', async () => {
    const at = app.clock.now();
    const chat = (detail: string) =>
      eventXml(testCorp, at, {
        Event: 'change_external_chat',
        ChangeType: 'update',
        ChatId: 'wrChat1',
        UpdateDetail: detail,
      });
    const job = (jobId: string) => eventXml(testCorp, at, { Event: 'batch_job_result', BatchJob: jobId });
    const xmls = [chat('add_member'), chat('del_member'), job('job1'), job('job2')];
    for (const xml of [...xmls, xmls[0]!, xmls[2]!]) {
      expect((await post(signedCallback(testCorp, xml, app.clock.now()))).status).toBe(200);
    }
    expect(await WecomEventModel.countDocuments()).toBe(4);
  });

  it('when a signed event carries a CreateTime that is no usable time, then it is still stored and acknowledged, not a 500', async () => {
    for (const createTime of ['99999999999999999999', '-5', 'soon']) {
      const xml =
        `<xml><ToUserName>${testCorp.corpId}</ToUserName><MsgType>event</MsgType><Event>change_external_contact</Event>` +
        `<ChangeType>edit_external_contact</ChangeType><UserID>rep1</UserID><ExternalUserID>wm${createTime}</ExternalUserID><CreateTime>${createTime}</CreateTime></xml>`;
      expect((await post(signedCallback(testCorp, xml, app.clock.now()))).status).toBe(200);
    }
    const stored = await WecomEventModel.find().lean();
    expect(stored).toHaveLength(3);
    expect(stored.map((e) => e.createdAtWecom)).toEqual([null, null, null]);
  });

  it('when the envelope is laid out otherwise (line breaks, an XML declaration, a comment, bare text), then the event is stored', async () => {
    const layouts = [
      (e: string) =>
        `<xml>\n  <ToUserName><![CDATA[${testCorp.corpId}]]></ToUserName>\n  <Encrypt><![CDATA[${e}]]></Encrypt>\n</xml>\n`,
      (e: string) =>
        `<?xml version="1.0" encoding="UTF-8"?><xml><ToUserName>${testCorp.corpId}</ToUserName><Encrypt>${e}</Encrypt></xml>`,
      (e: string) => `<xml><!-- from WeCom --><AgentID>1000002</AgentID><Encrypt>\n${e}\n</Encrypt></xml>`,
    ];
    for (const [i, layout] of layouts.entries()) {
      const callback = signedCallback(testCorp, addEvent(`wmLayout${i}`), app.clock.now());
      const encrypted = /<!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(callback.body)![1]!;
      expect((await post({ ...callback, body: layout(encrypted) })).status).toBe(200);
    }
    expect(await WecomEventModel.countDocuments()).toBe(layouts.length);
  });

  it('when the signed Encrypt sits inside another element of the envelope, then 400 WECOM_CALLBACK_XML_INVALID and nothing stored', async () => {
    const callback = signedCallback(testCorp, addEvent(), app.clock.now());
    const res = await post({ ...callback, body: callback.body.replace(/<Encrypt>.*<\/Encrypt>/, '<Wrap>$&</Wrap>') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('WECOM_CALLBACK_XML_INVALID');
    expect(await WecomEventModel.countDocuments()).toBe(0);
  });

  describe('bad input: 4xx with a code, nothing stored, the server stays up', () => {
    const cases: [string, number, string, () => Promise<Response>][] = [
      [
        'a wrong signature',
        401,
        'WECOM_CALLBACK_SIGNATURE_INVALID',
        () => {
          const callback = signedCallback(testCorp, addEvent(), app.clock.now());
          return post({ ...callback, query: { ...callback.query, msg_signature: 'f'.repeat(40) } });
        },
      ],
      [
        'a signature made with another token',
        401,
        'WECOM_CALLBACK_SIGNATURE_INVALID',
        () => post(signedCallback({ ...testCorp, token: 'SomeoneElse' }, addEvent(), app.clock.now())),
      ],
      [
        'a timestamp older than WECOM_MAX_CLOCK_SKEW',
        401,
        'WECOM_CALLBACK_TIMESTAMP_STALE',
        () => post(signedCallback(testCorp, addEvent(), new Date(app.clock.now().getTime() - 301_000))),
      ],
      [
        'a timestamp from the future',
        401,
        'WECOM_CALLBACK_TIMESTAMP_STALE',
        () => post(signedCallback(testCorp, addEvent(), new Date(app.clock.now().getTime() + 301_000))),
      ],
      [
        'another corp as receiver',
        403,
        'WECOM_CALLBACK_RECEIVER_MISMATCH',
        () => post(signedCallback(testCorp, addEvent(), app.clock.now(), { receiveId: 'wwsomeothercorp' })),
      ],
      [
        'an Encrypt made with another key',
        400,
        'WECOM_CALLBACK_DECRYPT_FAILED',
        () =>
          post(
            signedEncrypt(encryptPayload('b3RoZXJrZXlvdGhlcmtleW90aGVya2V5b3RoZXJrZXk', addEvent(), testCorp.corpId)),
          ),
      ],
      [
        'an Encrypt that is not base64',
        400,
        'WECOM_CALLBACK_DECRYPT_FAILED',
        () => post(signedEncrypt('this is %%% not base64!')),
      ],
      [
        'an Encrypt of the wrong length',
        400,
        'WECOM_CALLBACK_DECRYPT_FAILED',
        () => post(signedEncrypt(Buffer.alloc(40, 7).toString('base64'))),
      ],
      [
        'a malformed envelope',
        400,
        'WECOM_CALLBACK_XML_INVALID',
        () => {
          const callback = signedCallback(testCorp, addEvent(), app.clock.now());
          return post({ ...callback, body: callback.body.replace('</xml>', '') });
        },
      ],
      [
        'an envelope without Encrypt',
        400,
        'WECOM_CALLBACK_XML_INVALID',
        () => {
          const callback = signedCallback(testCorp, addEvent(), app.clock.now());
          return post({ ...callback, body: '<xml><ToUserName>x</ToUserName></xml>' });
        },
      ],
      [
        'malformed XML inside a valid envelope',
        400,
        'WECOM_CALLBACK_XML_INVALID',
        () => post(signedCallback(testCorp, '<xml><Event>change_external_contact</Evnt></xml>', app.clock.now())),
      ],
      [
        'an envelope with a DOCTYPE and entities',
        400,
        'WECOM_CALLBACK_XML_FORBIDDEN',
        () => {
          const callback = signedCallback(testCorp, addEvent(), app.clock.now());
          const bomb = '<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>';
          return post({ ...callback, body: `${bomb}${callback.body.replace('<ToUserName>', '<ToUserName>&b;')}` });
        },
      ],
      [
        'a decrypted event declaring an external entity',
        400,
        'WECOM_CALLBACK_XML_FORBIDDEN',
        () =>
          post(
            signedCallback(
              testCorp,
              '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Event>&x;</Event></xml>',
              app.clock.now(),
            ),
          ),
      ],
      [
        'a body over the size limit',
        413,
        'PAYLOAD_TOO_LARGE',
        () => {
          const callback = signedCallback(testCorp, addEvent(), app.clock.now());
          return post({ ...callback, body: callback.body.replace('</xml>', `<Pad>${'x'.repeat(70_000)}</Pad></xml>`) });
        },
      ],
      [
        'an unsigned query',
        400,
        'VALIDATION_FAILED',
        () => fetch(`${app.url}/wecom/callback`, { method: 'POST', body: '<xml/>' }),
      ],
    ];

    it.each(cases)('when the callback has %s, then %i %s', async (_name, status, code, send) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(await WecomEventModel.countDocuments()).toBe(0);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    });

    it('when an oversized body streams in without a Content-Length, then 413 and nothing stored', async () => {
      const callback = signedCallback(testCorp, addEvent(), app.clock.now());
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          callbackUrl(`${app.url}/wecom/callback`, callback.query),
          { method: 'POST', headers: { 'transfer-encoding': 'chunked' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        const chunk = Buffer.alloc(16_384, 0x61);
        for (let i = 0; i < 8; i++) {
          req.write(chunk);
        }
        req.end();
      });
      expect(status).toBe(413);
      expect(await WecomEventModel.countDocuments()).toBe(0);
    });
  });

  it('when the signed nonce is 128 characters of which some lie outside the BMP, then the event is stored (the limit counts characters)', async () => {
    // 130 UTF-16 units: over the plain reading's limit, so the schema decides, counting code points.
    const nonce = `${'n'.repeat(126)}😀😀`;
    const res = await post(signedCallback(testCorp, addEvent(), app.clock.now(), { nonce }));
    expect(res.status).toBe(200);
    expect(await WecomEventModel.countDocuments()).toBe(1);
  });

  it.each([
    [
      'a nonce of 129 characters',
      'query.nonce',
      (q: SignedCallback['query']) =>
        `nonce=${'n'.repeat(129)}&timestamp=${q.timestamp}&msg_signature=${q.msg_signature}`,
    ],
    [
      'a repeated nonce',
      'query.nonce',
      (q: SignedCallback['query']) =>
        `nonce=${q.nonce}&nonce=${q.nonce}&timestamp=${q.timestamp}&msg_signature=${q.msg_signature}`,
    ],
    [
      'a timestamp with a trailing line break',
      'query.timestamp',
      (q: SignedCallback['query']) => `nonce=${q.nonce}&timestamp=${q.timestamp}%0A&msg_signature=${q.msg_signature}`,
    ],
    [
      'an empty signature',
      'query.msg_signature',
      (q: SignedCallback['query']) => `nonce=${q.nonce}&timestamp=${q.timestamp}&msg_signature=`,
    ],
  ])('when the query has %s, then 400 VALIDATION_FAILED naming %s and nothing stored', async (_name, field, query) => {
    const callback = signedCallback(testCorp, addEvent(), app.clock.now());
    const res = await fetch(`${app.url}/wecom/callback?${query(callback.query)}`, {
      method: 'POST',
      body: callback.body,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { problems: { field: string }[] } } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.problems.map((p) => p.field)).toEqual([field]);
    expect(await WecomEventModel.countDocuments()).toBe(0);
  });

  it('when a callback body arrives in several chunks without a Content-Length, then the event is stored', async () => {
    const callback = signedCallback(testCorp, addEvent(), app.clock.now());
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        callbackUrl(`${app.url}/wecom/callback`, callback.query),
        { method: 'POST', headers: { 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      const cut = [0, 7, 50, callback.body.length - 3, callback.body.length];
      let sent = 0;
      const next = () => {
        sent += 1;
        if (sent === cut.length) {
          req.end();
          return;
        }
        req.write(callback.body.slice(cut[sent - 1], cut[sent]));
        setTimeout(next, 10);
      };
      next();
    });
    expect(status).toBe(200);
    const [stored] = await WecomEventModel.find().lean();
    expect(eventFields(stored!)).toMatchObject({ ExternalUserID: 'wmA', State: 'expo' });
  });

  it('when WECOM_MAX_CLOCK_SKEW is 0, then an old timestamp is accepted', async () => {
    const lenient = await startTestApp({
      config: wecomTestConfig('http://127.0.0.1:9/cgi-bin', { WECOM_MAX_CLOCK_SKEW: '0' }),
    });
    try {
      const callback = signedCallback(testCorp, addEvent(), new Date('2020-01-01T00:00:00Z'));
      const res = await fetch(callbackUrl(`${lenient.url}/wecom/callback`, callback.query), {
        method: 'POST',
        body: callback.body,
      });
      expect(res.status).toBe(200);
      expect(await WecomEventModel.countDocuments()).toBe(1);
    } finally {
      await lenient.close();
    }
  });
});
