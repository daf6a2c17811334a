import type { Context } from 'koa';
import { AppError } from '../../models/shared/app-error.js';

/**
 * Reads the request body as text (UTF-8 unless told; `latin1` keeps every byte), refusing more than maxBytes with 413 PAYLOAD_TOO_LARGE
 * (by Content-Length up front, and by counting for chunked bodies) without buffering the excess.
 */
export function readRawBody(ctx: Context, maxBytes: number, encoding: BufferEncoding = 'utf8'): Promise<string> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > maxBytes) {
    ctx.set('Connection', 'close');
    return Promise.reject(tooLarge(maxBytes));
  }
  const req = ctx.req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // Discard the rest without buffering it; the connection closes after the answer.
        req.resume();
        ctx.set('Connection', 'close');
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString(encoding));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', '请求内容过大', { details: { maxBytes } });
}
