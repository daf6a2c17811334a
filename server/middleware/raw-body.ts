import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import { AppError } from '../../models/shared/app-error.js';

/**
 * Reads the request body as text (UTF-8 unless told; `latin1` keeps every byte), refusing more than maxBytes with 413 PAYLOAD_TOO_LARGE
 * (by Content-Length up front, and by counting for chunked bodies) without buffering the excess.
 */
export function readRawBody(ctx: Context, maxBytes: number, encoding: BufferEncoding = 'utf8'): Promise<string> {
  return readBody(ctx.req, maxBytes, encoding, () => ctx.set('Connection', 'close'));
}

/** readRawBody on a bare request; `closeAfter` is called when the answer must close the connection (413). */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  encoding: BufferEncoding,
  closeAfter: () => void,
): Promise<string> {
  const declared = Number(req.headers['content-length'] || 0);
  if (declared > maxBytes) {
    closeAfter();
    return Promise.reject(tooLarge(maxBytes));
  }
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
        closeAfter();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString(encoding));
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
