import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../models/shared/app-error.js';
import {
  callbackSignature,
  decryptPayload,
  encryptPayload,
  verifySignature,
  type CallbackSecrets,
} from '../../server/wecom/callback/callback-crypto.js';
import { testCorp } from '../support/wecom.js';

// The callback channel's input checks, on the real @wecom/crypto: only the exact text WeCom sends decrypts;
// every other text is refused with a code, before any cipher work on it is trusted.

const secrets: CallbackSecrets = testCorp;
const message = '<xml><ToUserName><![CDATA[wwtestcorp0001]]></ToUserName><Event>添加客户</Event></xml>';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
};

/** A ciphertext that ends in padding and holds both '+' and '/', so that every variant below changes it. */
function paddedCiphertext(): { encrypted: string; plaintext: string } {
  for (let extra = 0; ; extra += 1) {
    const plaintext = `${message}${' '.repeat(extra)}`;
    const encrypted = encryptPayload(secrets.aesKey, plaintext, secrets.corpId);
    if (/=$/.test(encrypted) && encrypted.includes('+') && encrypted.includes('/')) {
      return { encrypted, plaintext };
    }
  }
}

describe('decryptPayload', () => {
  const { encrypted, plaintext } = paddedCiphertext();

  it('gives back the message WeCom encrypted for our corp', () => {
    expect(decryptPayload(secrets, encrypted)).toBe(plaintext);
  });

  it('refuses text that Node would still decode but that is not the canonical padded base64 WeCom sends', () => {
    const variants = {
      'line breaks': `${encrypted.slice(0, 40)}\n${encrypted.slice(40)}`,
      'URL-safe alphabet': encrypted.replace(/\+/g, '-').replace(/\//g, '_'),
      'padding stripped': encrypted.replace(/=+$/, ''),
      'stray character': `${encrypted.slice(0, 10)}*${encrypted.slice(10)}`,
      empty: '',
    };
    for (const [name, text] of Object.entries(variants)) {
      expect([name, codeOf(() => decryptPayload(secrets, text))]).toEqual([name, 'WECOM_CALLBACK_DECRYPT_FAILED']);
    }
  });

  it('refuses non-zero bits after the last byte (a second spelling of the same bytes)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const body = encrypted.replace(/=+$/, '');
    const last = alphabet.indexOf(body.at(-1)!);
    const respelt = `${body.slice(0, -1)}${alphabet[last ^ 1]}${encrypted.slice(body.length)}`;
    expect(Buffer.from(respelt, 'base64')).toEqual(Buffer.from(encrypted, 'base64'));
    expect(codeOf(() => decryptPayload(secrets, respelt))).toBe('WECOM_CALLBACK_DECRYPT_FAILED');
  });

  it('refuses a ciphertext that is not whole 32-byte blocks, and one under another key', () => {
    expect(codeOf(() => decryptPayload(secrets, randomBytes(48).toString('base64')))).toBe(
      'WECOM_CALLBACK_DECRYPT_FAILED',
    );
    const otherKey = randomBytes(32).toString('base64').slice(0, 43);
    expect(codeOf(() => decryptPayload(secrets, encryptPayload(otherKey, message, secrets.corpId)))).toBe(
      'WECOM_CALLBACK_DECRYPT_FAILED',
    );
  });

  it('tells a message meant for another corp apart from an undecryptable one', () => {
    expect(codeOf(() => decryptPayload(secrets, encryptPayload(secrets.aesKey, message, 'wwOtherCorp')))).toBe(
      'WECOM_CALLBACK_RECEIVER_MISMATCH',
    );
  });
});

describe('verifySignature', () => {
  const parts = {
    timestamp: '1764806400',
    nonce: 'n0nce',
    encrypted: encryptPayload(secrets.aesKey, message, secrets.corpId),
  };
  const signature = callbackSignature(secrets.token, parts.timestamp, parts.nonce, parts.encrypted);

  it('accepts the signature over token, timestamp, nonce and ciphertext, in either hex case', () => {
    expect(codeOf(() => verifySignature(secrets, { ...parts, signature }))).toBeUndefined();
    expect(codeOf(() => verifySignature(secrets, { ...parts, signature: signature.toUpperCase() }))).toBeUndefined();
  });

  it('refuses a signature over any other ciphertext, and one that is not 40 hex digits', () => {
    const other = encryptPayload(secrets.aesKey, message, secrets.corpId);
    expect(codeOf(() => verifySignature(secrets, { ...parts, encrypted: other, signature }))).toBe(
      'WECOM_CALLBACK_SIGNATURE_INVALID',
    );
    expect(codeOf(() => verifySignature(secrets, { ...parts, signature: signature.slice(0, 39) }))).toBe(
      'WECOM_CALLBACK_SIGNATURE_INVALID',
    );
  });
});
