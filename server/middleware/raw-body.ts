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

// A body being read is kept on its request, and the stream's listeners are these module functions (called with
// the request as `this`): no listener closures per request — under tsx every named closure is also renamed
// (keepNames), which cost more than reading a WeCom callback's body.
const READING = Symbol('request body being read');

interface BodyRead {
  chunks: Buffer[];
  size: number;
  maxBytes: number;
  encoding: BufferEncoding;
  closeAfter: () => void;
  resolve: (body: string) => void;
  reject: (error: unknown) => void;
}

type ReadingRequest = IncomingMessage & { [READING]?: BodyRead };

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
    (req as ReadingRequest)[READING] = { chunks: [], size: 0, maxBytes, encoding, closeAfter, resolve, reject };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Stops listening; answers the read that was going on. */
function finished(req: ReadingRequest): BodyRead {
  const read = req[READING]!;
  req[READING] = undefined;
  req.off('data', onData);
  req.off('end', onEnd);
  req.off('error', onError);
  return read;
}

function onData(this: ReadingRequest, chunk: Buffer): void {
  const read = this[READING]!;
  read.size += chunk.length;
  if (read.size > read.maxBytes) {
    finished(this);
    // Discard the rest without buffering it; the connection closes after the answer.
    this.resume();
    read.closeAfter();
    read.reject(tooLarge(read.maxBytes));
    return;
  }
  read.chunks.push(chunk);
}

function onEnd(this: ReadingRequest): void {
  const { chunks, encoding, resolve } = finished(this);
  resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString(encoding));
}

function onError(this: ReadingRequest, error: Error): void {
  finished(this).reject(error);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', '请求内容过大', { details: { maxBytes } });
}
