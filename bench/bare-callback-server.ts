import { createServer } from 'node:http';
import { decryptPayload, verifySignature } from '../server/wecom/callback/callback-crypto.js';

// The baseline of the callback-ingest benchmark: a bare endpoint that only verifies the signature
// and decrypts (the same crypto code as the product), then answers 200 — no parsing, no storage.
// Run by bench/callback-ingest.bench.ts as its own process, like the server under test.

const secrets = {
  token: process.env.WECOM_TOKEN ?? '',
  aesKey: process.env.WECOM_AES_KEY ?? '',
  corpId: process.env.WECOM_CORP_ID ?? '',
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      const encrypted =
        /<Encrypt><!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
      const parts = {
        signature: query.get('msg_signature') ?? '',
        timestamp: query.get('timestamp') ?? '',
        nonce: query.get('nonce') ?? '',
        encrypted,
      };
      verifySignature(secrets, parts);
      decryptPayload(secrets, encrypted);
      res.writeHead(200).end();
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.error(JSON.stringify({ msg: 'server listening', url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
