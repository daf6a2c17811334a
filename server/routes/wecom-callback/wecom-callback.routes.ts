import Router from '@koa/router';
import { AppError } from '../../../models/shared/app-error.js';
import { storeWecomEvent } from '../../../models/wecom/store-event.js';
import type { AppDeps } from '../../app.js';
import { readRawBody } from '../../middleware/raw-body.js';
import { inputOf, validate } from '../../middleware/validate.js';
import {
  checkTimestamp,
  decryptPayload,
  verifySignature,
  type CallbackSecrets,
} from '../../wecom/callback/callback-crypto.js';
import { checkEnvelope, extractEncryptField, parseCallbackXml } from '../../wecom/callback/callback-xml.js';
import { wecomEventStored } from '../../wecom/event-signal.js';
import { eventQuery, verifyUrlQuery, type EventQuery, type VerifyUrlQuery } from './wecom-callback.schema.js';

// The WeCom callback URL (server/wecom/README.md §1, STYLE.md §8): verify the signature (over the Encrypt
// field, found without parsing), check the timestamp, parse the envelope, decrypt, check the receiver, parse —
// and store the event before answering 200 with an empty body.
// Any bad input is refused with a 4xx and stores nothing; a storage failure answers 5xx so WeCom
// sends the event again. The work happens later, in the event processor.

/** WeCom events are a few hundred bytes; anything near this is not from WeCom. */
export const CALLBACK_MAX_BYTES = 64 * 1024;

export function secretsOf(deps: AppDeps): CallbackSecrets {
  const wecom = deps.config.wecom;
  if (!wecom) {
    throw new AppError('WECOM_CONFIG_ERROR', '未配置企业微信回调（WECOM_TOKEN / WECOM_AES_KEY）');
  }
  return { token: wecom.token, aesKey: wecom.aesKey, corpId: wecom.corpId };
}

/**
 * An event callback whose query was validated and body read: verifies the signature (over the Encrypt field,
 * found cheaply: nobody without the Token makes us build an XML tree), checks the timestamp and the envelope,
 * decrypts, parses and stores the event. Resolves once it is stored (or was already); throws what to answer.
 */
export async function receiveWecomEvent(deps: AppDeps, query: EventQuery, body: string): Promise<void> {
  const secrets = secretsOf(deps);
  const encrypted = extractEncryptField(body);
  verifySignature(secrets, {
    signature: query.msg_signature,
    timestamp: query.timestamp,
    nonce: query.nonce,
    encrypted,
  });
  checkTimestamp(query.timestamp, deps.clock.now(), deps.config.wecomMaxClockSkewSeconds);
  // The signed envelope must still be well-formed XML carrying exactly that field.
  checkEnvelope(body, encrypted);
  const xml = decryptPayload(secrets, encrypted);
  // Stored within WeCom's 5 s, else DATABASE_UNAVAILABLE (EVENT_STORE_DEADLINE_MS).
  const stored = await storeWecomEvent({ xml, fields: parseCallbackXml(xml) }, deps.clock.now());
  if (!stored.duplicate) {
    wecomEventStored();
  }
}

export function wecomCallbackRoutes(deps: AppDeps): Router {
  const router = new Router();

  router.get('/wecom/callback', validate({ query: verifyUrlQuery }), (ctx) => {
    const { query } = inputOf<unknown, VerifyUrlQuery>(ctx);
    const secrets = secretsOf(deps);
    verifySignature(secrets, {
      signature: query.msg_signature,
      timestamp: query.timestamp,
      nonce: query.nonce,
      encrypted: query.echostr,
    });
    checkTimestamp(query.timestamp, deps.clock.now(), deps.config.wecomMaxClockSkewSeconds);
    // The plaintext exactly: no quotes, no BOM, no newline.
    ctx.type = 'text/plain';
    ctx.body = decryptPayload(secrets, query.echostr);
  });

  // POST /wecom/callback itself is answered ahead of this router (callback-fast-path.ts); this route serves the
  // spellings the router also matches (a trailing slash, other letter case) and keeps POST in its Allow header.
  router.post('/wecom/callback', validate({ query: eventQuery }), async (ctx) => {
    const { query } = inputOf<unknown, EventQuery>(ctx);
    secretsOf(deps);
    await receiveWecomEvent(deps, query, await readRawBody(ctx, CALLBACK_MAX_BYTES));
    // Empty body: "no passive reply"; WeCom does not resend.
    ctx.status = 200;
    ctx.body = '';
  });

  return router;
}
