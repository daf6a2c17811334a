import { randomBytes } from 'node:crypto';
import { callbackSignature, encryptPayload } from '../callback/callback-crypto.js';
import { buildCallbackXml } from '../callback/callback-xml.js';
import type { EmulatorCorp } from './emulator-corp.js';

// Posting callbacks the way WeCom does (server/wecom/README.md §1.4): the event XML encrypted with the corp's
// EncodingAESKey, signed with its Token, POSTed with msg_signature/timestamp/nonce, and resent when
// the server does not answer 200 within 5 s.

export interface SignedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
}

export interface CallbackDelivery {
  status: number;
  body: string;
  attempts: number;
}

/** The event fields WeCom always sends, around the given ones. */
export function eventXml(corp: EmulatorCorp, at: Date, fields: Record<string, string | number>): string {
  return buildCallbackXml({
    ToUserName: corp.corpId,
    FromUserName: 'sys',
    CreateTime: Math.floor(at.getTime() / 1000),
    MsgType: 'event',
    ...fields,
  });
}

/** Encrypts and signs a plaintext callback XML into the POST WeCom would make. */
export function signedCallback(
  corp: EmulatorCorp,
  plaintext: string,
  at: Date,
  options: { receiveId?: string; nonce?: string } = {},
): SignedCallback {
  const encrypted = encryptPayload(corp.aesKey, plaintext, options.receiveId ?? corp.corpId);
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE(0));
  return {
    query: { msg_signature: callbackSignature(corp.token, timestamp, nonce, encrypted), timestamp, nonce },
    body: `<xml><ToUserName><![CDATA[${corp.corpId}]]></ToUserName><AgentID><![CDATA[${corp.agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
  };
}

export function callbackUrl(base: string, query: SignedCallback['query']): string {
  return `${base}?${new URLSearchParams(query).toString()}`;
}

/** POSTs a signed callback, resending (up to `retries` more times) on a non-200 answer or a 5 s timeout. */
export async function deliverCallback(
  url: string,
  callback: SignedCallback,
  retries: number,
  timeoutMs = 5000,
): Promise<CallbackDelivery> {
  let last: CallbackDelivery = { status: 0, body: '', attempts: 0 };
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const response = await fetch(callbackUrl(url, callback.query), {
        method: 'POST',
        body: callback.body,
        headers: { 'content-type': 'text/xml' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      last = { status: response.status, body: await response.text(), attempts: attempt };
      if (response.status === 200) {
        return last;
      }
    } catch {
      last = { status: 0, body: '', attempts: attempt };
    }
  }
  return last;
}
