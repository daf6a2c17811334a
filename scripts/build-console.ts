import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'vite';

// Builds the ops console (server/console → server/console/dist), pre-compresses its assets (the
// server sends the .br or .gz beside a file) and records the initial load's compressed size:
// index.html plus every script and stylesheet it references, gzip-compressed.
// `--if-missing` skips the build when a build is already there (npm start).

const root = fileURLToPath(new URL('../server/console/', import.meta.url));
const dist = join(root, 'dist');

export interface ConsoleSize {
  initialGzipBytes: number;
  initialFiles: string[];
  totalGzipBytes: number;
}

function compressAssets(): Map<string, number> {
  const sizes = new Map<string, number>();
  const assets = join(dist, 'assets');
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css|svg|json|woff2?|ttf)$/.test(name)) {
      continue;
    }
    const content = readFileSync(join(assets, name));
    const gz = gzipSync(content, { level: 9 });
    writeFileSync(join(assets, `${name}.gz`), gz);
    writeFileSync(join(assets, `${name}.br`), brotliCompressSync(content));
    sizes.set(`assets/${name}`, gz.length);
  }
  return sizes;
}

function measure(sizes: Map<string, number>): ConsoleSize {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const initialFiles = [...new Set(referenced)];
  const initialGzipBytes =
    gzipSync(html).length + initialFiles.reduce((total, file) => total + (sizes.get(file) ?? 0), 0);
  const totalGzipBytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  return { initialGzipBytes, initialFiles, totalGzipBytes };
}

export async function buildConsole(): Promise<ConsoleSize> {
  await build({ configFile: join(root, 'vite.config.ts'), root, logLevel: 'warn' });
  const size = measure(compressAssets());
  writeFileSync(join(dist, 'size.json'), JSON.stringify(size, null, 2));
  return size;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-missing') && existsSync(join(dist, 'index.html'))) {
    process.exit(0);
  }
  const size = await buildConsole();
  console.log(
    `console built: initial load ${(size.initialGzipBytes / 1024).toFixed(1)} KiB gzip (${size.initialFiles.length} files), all assets ${(size.totalGzipBytes / 1024).toFixed(1)} KiB gzip`,
  );
}
