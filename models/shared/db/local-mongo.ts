import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jvmArgs, launcherClasspath, makeClassArchive } from './local-mongo-jvm.js';
import { ensurePrivateDir, tightenPrivateDir } from './private-files.js';

// The embedded MongoDB-compatible server (mongo-java-server, from Maven Central) for local mode and
// tests. Production points MONGODB_URI at real MongoDB and never touches this file.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sourceDir = join(repoRoot, 'scripts', 'mongo');

export interface LocalMongoInstall {
  /** The install's directory under .cache/ (classes, jars, class-data archive). */
  dir: string;
  classpath: string;
}

/** The launcher's Java sources: Launcher.java plus the classes it adds to the library's packages. */
function javaSources(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.java')) {
        found.push(path);
      }
    }
  };
  walk(sourceDir);
  return found.sort();
}

function cacheDirectory(): string {
  // Keyed by every input, so editing any of them reinstalls.
  const hash = createHash('sha256').update(readFileSync(join(sourceDir, 'pom.xml')));
  for (const file of javaSources()) {
    hash.update(file.slice(sourceDir.length)).update(readFileSync(file));
  }
  return join(repoRoot, '.cache', `local-mongo-${hash.digest('hex').slice(0, 12)}`);
}

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Resolves the server's jars with Maven and compiles the launcher, once; later calls reuse the cache. */
export function ensureLocalMongoInstalled(log: (line: string) => void = () => {}): LocalMongoInstall {
  const dir = cacheDirectory();
  if (existsSync(join(dir, 'ready'))) {
    return { dir, classpath: launcherClasspath(dir) };
  }
  const missing = ['java', 'javac', 'mvn'].filter((tool) => !hasTool(tool));
  if (missing.length > 0) {
    throw new Error(
      `The embedded database needs Java 17+ and Maven (missing: ${missing.join(', ')}). ` +
        'Install them, or set MONGODB_URI to a MongoDB server.',
    );
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'classes'), { recursive: true });
  log('installing mongo-java-server from Maven Central');
  execFileSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(sourceDir, 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${join(dir, 'lib')}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const jars = readdirSync(join(dir, 'lib')).filter((f) => f.endsWith('.jar'));
  if (jars.length === 0) {
    throw new Error('Maven resolved no jars for the embedded database');
  }
  execFileSync('javac', ['-nowarn', '-cp', join(dir, 'lib', '*'), '-d', join(dir, 'classes'), ...javaSources()], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  makeClassArchive(dir, log);
  writeFileSync(join(dir, 'ready'), JSON.stringify({ jars }, null, 2));
  log(`embedded database installed (${jars.length} jars)`);
  return { dir, classpath: launcherClasspath(dir) };
}

export interface LocalMongoOptions {
  /** 'memory' for tests, or the path of an H2 file for durable local storage. */
  storage: string;
  port?: number;
  oplog?: boolean;
  /** Memory for documents kept decoded by the H2 storage (the launcher's default: 1.5 GB or 40% of its heap). */
  documentCacheMb?: number;
  /** How often an H2 store is checkpointed while writes come (the launcher's default: 1000 ms; its journal makes
   * every acknowledged write durable in between). */
  checkpointMs?: number;
  log?: (line: string) => void;
}

export interface LocalMongo {
  port: number;
  uri: string;
  pid: number;
  /** Stops the server; an H2 store is committed and closed first. */
  stop(): Promise<void>;
}

/** Starts a server on a free loopback port. It exits on its own when this process dies. */
export async function startLocalMongo(options: LocalMongoOptions): Promise<LocalMongo> {
  const { dir } = ensureLocalMongoInstalled(options.log);
  const args = [...jvmArgs(dir), 'Launcher', '--port', String(options.port ?? 0), '--storage', options.storage];
  if (options.oplog) {
    args.push('--oplog');
  }
  if (options.documentCacheMb !== undefined) {
    args.push('--document-cache-mb', String(options.documentCacheMb));
  }
  if (options.checkpointMs !== undefined) {
    args.push('--checkpoint-ms', String(options.checkpointMs));
  }
  if (options.storage !== 'memory') {
    ensurePrivateDir(dirname(options.storage));
  }
  // stdin stays a pipe: the launcher shuts down when it closes, so it never outlives us.
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await readPort(child);
  if (options.storage !== 'memory') {
    // The H2 store now exists; whatever the launcher's umask, only this user may read it.
    tightenPrivateDir(dirname(options.storage));
  }
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    port,
    uri: `mongodb://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => reject(new Error(`embedded database did not start: ${why}\n${stderr}`));
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exited with code ${code}`));
    lines.once('line', (line) => {
      try {
        const { port } = JSON.parse(line) as { port: number };
        resolvePort(port);
      } catch {
        fail(`unexpected output ${line}`);
      }
    });
  });
}
