// `npm run build:miniapp [-- --env=production] [--out=dir]`: compiles the WeCom mini-program (TypeScript
// → CommonJS) into a folder WeChat DevTools imports as it is: app.json, project.config.json, sitemap,
// and every page's wxml/wxss/json/js. The server address comes from miniapp/env/<env>.json; for the
// local environment, from `--api=<origin>` or `--port=<n>`, else the local-mode server running on this
// DATA_DIR, else the file. Local builds ask the tester which demo member to log in as (`--user=<userid>`
// names one instead).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const defaultMiniappDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'miniapp');

export interface MiniappEnvFile {
  name: string;
  apiBase: string;
  appId: string;
  urlCheck: boolean;
  /** Local mode: outside WeCom the tester picks a member of the emulated corp at login. */
  localLogin?: boolean;
  /** Local mode: the emulated member the app logs in as outside WeCom, without asking. */
  localUserId?: string;
}

export interface BuildOptions {
  /** A name from miniapp/env/, or the values themselves. */
  env: string | MiniappEnvFile;
  outDir?: string;
  /** Type-check while compiling (the default); off only where speed matters and a check ran elsewhere. */
  typeCheck?: boolean;
  /** The mini-app folder (tsconfig.json, src/, env/); the repository's miniapp/ by default. */
  root?: string;
}

function checkEnv(env: MiniappEnvFile): MiniappEnvFile {
  const apiBase = env.apiBase.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(apiBase)) {
    throw new Error(`mini-app environment ${env.name}: apiBase must be an origin such as https://scrm.example.com`);
  }
  if ((env.localUserId || env.localLogin) && env.urlCheck) {
    throw new Error(
      `mini-app environment ${env.name}: localLogin/localUserId are for local mode only, never for a published build`,
    );
  }
  if (env.urlCheck && !apiBase.startsWith('https://')) {
    throw new Error(`mini-app environment ${env.name}: a checked (published) build needs an https apiBase`);
  }
  return { ...env, apiBase };
}

export function readEnv(name: string, miniappDir = defaultMiniappDir): MiniappEnvFile {
  const file = join(miniappDir, 'env', `${name}.json`);
  if (!/^[\w-]+$/.test(name) || !existsSync(file)) {
    throw new Error(`unknown mini-app environment "${name}": add miniapp/env/${name}.json`);
  }
  return checkEnv(JSON.parse(readFileSync(file, 'utf8')) as MiniappEnvFile);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function compile(miniappDir: string, outDir: string, typeCheck: boolean): void {
  const configPath = join(miniappDir, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, (p) => ts.sys.readFile(p)).config,
    ts.sys,
    miniappDir,
  );
  const options = { ...parsed.options, outDir, noEmit: false };
  if (!typeCheck) {
    for (const file of parsed.fileNames.filter((f) => !f.endsWith('.d.ts'))) {
      const out = join(outDir, relative(join(miniappDir, 'src'), file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(
        out,
        ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText,
      );
    }
    return;
  }
  const program = ts.createProgram(parsed.fileNames, options);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) {
    throw new Error(
      ts.formatDiagnosticsWithColorAndContext(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => miniappDir,
        getNewLine: () => '\n',
      }),
    );
  }
}

/** Builds the mini-program; returns the output folder. */
export function buildMiniapp(options: BuildOptions): string {
  const miniappDir = options.root ?? defaultMiniappDir;
  const env = typeof options.env === 'string' ? readEnv(options.env, miniappDir) : checkEnv(options.env);
  const outDir = resolve(options.outDir ?? join(miniappDir, 'dist'));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  compile(miniappDir, outDir, options.typeCheck ?? true);
  const src = join(miniappDir, 'src');
  for (const file of filesUnder(src).filter((f) => /\.(wxml|wxss|json|wxs|png)$/.test(f))) {
    const out = join(outDir, relative(src, file));
    mkdirSync(dirname(out), { recursive: true });
    cpSync(file, out);
  }
  // The environment module is replaced by the chosen environment's values.
  writeFileSync(
    join(outDir, 'lib', 'env.js'),
    `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n` +
      `exports.env = ${JSON.stringify({
        name: env.name,
        apiBase: env.apiBase,
        ...(env.localLogin ? { localLogin: true } : {}),
        ...(env.localUserId ? { localUserId: env.localUserId } : {}),
      })};\n`,
  );
  writeFileSync(
    join(outDir, 'project.config.json'),
    `${JSON.stringify(
      {
        description: '企微 SCRM 小程序（由 npm run build:miniapp 生成，请勿手改）',
        compileType: 'miniprogram',
        appid: env.appId,
        projectname: `wecom-scrm-miniapp-${env.name}`,
        libVersion: '3.0.0',
        setting: {
          es6: true,
          enhance: true,
          postcss: true,
          minified: true,
          urlCheck: env.urlCheck,
          ignoreDevUnusedFiles: true,
        },
        condition: {},
        editorSetting: { tabIndent: 'insertSpaces', tabSize: 2 },
      },
      null,
      2,
    )}\n`,
  );
  return outDir;
}

function argument(name: string, args: readonly string[] = process.argv): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/**
 * The environment of a command-line build: the named file, and for local builds the server given by
 * --api/--port or found running on DATA_DIR, and the member given by --user.
 */
export async function commandLineEnv(args: readonly string[]): Promise<MiniappEnvFile> {
  const env = readEnv(argument('env', args) ?? 'local');
  if (!env.localLogin && !env.localUserId) {
    return env;
  }
  const { loadConfig } = await import('../config/config.js');
  const { runningServerUrl } = await import('../server/wecom/local-mode.js');
  const port = argument('port', args);
  if (port !== undefined && !/^\d{1,5}$/.test(port)) {
    throw new Error(`--port=${port}: a port number, e.g. --port=3001`);
  }
  const apiBase = argument('api', args) ?? (port ? `http://127.0.0.1:${port}` : runningServerUrl(loadConfig()));
  const user = argument('user', args);
  return checkEnv({ ...env, ...(apiBase ? { apiBase } : {}), ...(user ? { localUserId: user } : {}) });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const env = await commandLineEnv(process.argv.slice(2));
    const out = buildMiniapp({ env, outDir: argument('out') });
    console.log(`mini-app built into ${out} for ${env.apiBase} — import this folder in WeChat DevTools (企业微信模式)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
