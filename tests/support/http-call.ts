import { request, type Agent } from 'node:http';

// One HTTP exchange that always settles: the answer, or the transport error, or a timeout — so a
// hostile test can tell "answered with an error" from "hung" and "connection refused".

export interface HttpOutcome {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** When it was sent and answered (epoch ms). */
  sentAt: number;
  settledAt: number;
  /** 'timeout' when no answer came within timeoutMs; the socket error's code otherwise. */
  error?: string;
}

export interface HttpCallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  agent?: Agent;
}

export function httpCall(url: string, options: HttpCallOptions = {}): Promise<HttpOutcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: Omit<HttpOutcome, 'sentAt' | 'settledAt'>) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ ...outcome, sentAt, settledAt: Date.now() });
      }
    };
    // A body always travels with its length: Node would send a GET's body unframed, as a second request.
    const headers =
      options.body === undefined
        ? options.headers
        : { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) };
    const req = request(url, { method: options.method ?? 'GET', headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        settle({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
      );
      res.on('error', (error: NodeJS.ErrnoException) =>
        settle({ status: 0, body: '', headers: {}, error: error.code ?? error.message }),
      );
    });
    const timer = setTimeout(() => {
      settle({ status: 0, body: '', headers: {}, error: 'timeout' });
      req.destroy();
    }, options.timeoutMs ?? 30_000);
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ status: 0, body: '', headers: {}, error: error.code ?? error.message }),
    );
    req.end(options.body);
  });
}

/** The error answer's code and message, if the body is the product's JSON error. */
export function errorOf(outcome: Pick<HttpOutcome, 'body'>): { code: string; message: string } | null {
  try {
    const parsed = JSON.parse(outcome.body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
  } catch {
    return null;
  }
}

/** Whether an error answer is what users and programs can rely on: JSON with a code and a Chinese message. */
export function isCleanError(outcome: Pick<HttpOutcome, 'body'>): boolean {
  const error = errorOf(outcome);
  return error !== null && /^[A-Z][A-Z0-9_]+$/.test(error.code) && /[\u4e00-\u9fa5]/.test(error.message);
}
