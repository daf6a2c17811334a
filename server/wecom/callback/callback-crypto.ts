import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { AppError } from '../../../models/shared/app-error.js';

// The callback channel's crypto (server/wecom/README.md §1.2–1.3) on top of @wecom/crypto, which decrypts with
// auto-padding off (WeCom pads PKCS#7 to 32 bytes, which Node's default unpadding rejects) but checks
// nothing: the strict input checks and the receive-id check are ours.

export interface CallbackSecrets {
  token: string;
  /** EncodingAESKey, 43 characters. */
  aesKey: string;
  /** The receive id we expect: the corp id for a self-built app. */
  corpId: string;
}

export interface SignedParts {
  signature: string;
  timestamp: string;
  nonce: string;
  /** echostr (URL verification) or the <Encrypt> text (events). */
  encrypted: string;
}

const RECEIVE_ID = /^[A-Za-z0-9_-]{0,64}$/;

export function callbackSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** Throws WECOM_CALLBACK_SIGNATURE_INVALID unless msg_signature matches, compared in constant time. */
export function verifySignature(secrets: CallbackSecrets, parts: SignedParts): void {
  const expected = Buffer.from(callbackSignature(secrets.token, parts.timestamp, parts.nonce, parts.encrypted), 'hex');
  const given = /^[0-9a-f]{40}$/i.test(parts.signature) ? Buffer.from(parts.signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('WECOM_CALLBACK_SIGNATURE_INVALID', '企业微信回调签名校验失败');
  }
}

/** Throws WECOM_CALLBACK_TIMESTAMP_STALE when the timestamp is further than maxSkewSeconds from now (0 disables). */
export function checkTimestamp(timestamp: string, now: Date, maxSkewSeconds: number): void {
  if (maxSkewSeconds === 0) {
    return;
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isFinite(seconds) || Math.abs(now.getTime() / 1000 - seconds) > maxSkewSeconds) {
    throw new AppError('WECOM_CALLBACK_TIMESTAMP_STALE', '企业微信回调时间戳超出允许范围', {
      details: { timestamp, maxSkewSeconds },
    });
  }
}

function undecryptable(reason: string): AppError {
  return new AppError('WECOM_CALLBACK_DECRYPT_FAILED', '企业微信回调内容无法解密', { details: { reason } });
}

/** Decrypts echostr or <Encrypt>, and checks that it was meant for our corp. Returns the plaintext message. */
export function decryptPayload(secrets: CallbackSecrets, encrypted: string): string {
  // Node's decoder is lenient (it skips stray characters, takes the URL-safe alphabet and missing padding), so
  // the text must be exactly what encoding its bytes gives back: canonical, padded, standard alphabet. Cheaper
  // than a regular expression over the whole text (about a quarter of the time for a 1.3 KB event).
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length === 0 || bytes.toString('base64') !== encrypted) {
    throw undecryptable('not base64');
  }
  // random(16) + length(4) padded to whole 32-byte blocks.
  if (bytes.length < 32 || bytes.length % 32 !== 0) {
    throw undecryptable('bad ciphertext length');
  }
  let result: { message: string; id: string };
  try {
    result = decrypt(secrets.aesKey, encrypted);
  } catch {
    throw undecryptable('cipher error');
  }
  // A wrong key yields random bytes: a receive id that is not even an id, or mangled UTF-8.
  if (!RECEIVE_ID.test(result.id) || result.message.includes('\uFFFD') || result.message.length === 0) {
    throw undecryptable('garbled plaintext');
  }
  if (result.id !== secrets.corpId) {
    throw new AppError('WECOM_CALLBACK_RECEIVER_MISMATCH', '企业微信回调不属于本企业', {
      details: { receiveId: result.id },
    });
  }
  return result.message;
}

/** Encrypts a message the way WeCom does (used by the emulator and for passive replies). */
export function encryptPayload(aesKey: string, message: string, receiveId: string): string {
  return encrypt(aesKey, message, receiveId);
}
