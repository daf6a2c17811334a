import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestCard } from '../../models/digest/digest-message.js';
import type { Digest } from '../../models/digest/review-types.js';
import { buildMiniapp } from '../../scripts/build-miniapp.js';

// The folder `npm run build:miniapp` produces is what WeChat DevTools imports: check it as DevTools would.

const require = createRequire(import.meta.url);
let out: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'miniapp-build-'));
  execFileSync('npx', ['tsx', 'scripts/build-miniapp.ts', '--env=production', `--out=${out}`], { stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)],
  );
}

describe('npm run build:miniapp', () => {
  it('when built for production, then the folder has app.json, project.config.json and every page in four files', () => {
    const app = JSON.parse(readFileSync(join(out, 'app.json'), 'utf8')) as {
      pages: string[];
      tabBar: { list: { pagePath: string; text: string }[] };
    };
    expect(app.pages).toEqual(
      expect.arrayContaining([
        'pages/pool/index',
        'pages/my/index',
        'pages/customer/index',
        'pages/follow-up/index',
        'pages/check/index',
        'pages/team/index',
      ]),
    );
    for (const page of app.pages) {
      for (const ext of ['js', 'wxml', 'wxss', 'json']) {
        expect(existsSync(join(out, `${page}.${ext}`)), `${page}.${ext}`).toBe(true);
      }
      const pageJson = JSON.parse(readFileSync(join(out, `${page}.json`), 'utf8')) as {
        navigationBarTitleText: string;
      };
      expect(pageJson.navigationBarTitleText).toMatch(/[\u4e00-\u9fa5]/);
    }
    // 团队 is a manager's page, opened from 我的客户; reps get no tab that only says it is not for them.
    expect(app.tabBar.list.map((t) => t.text)).toEqual(['公海', '我的客户', '查重']);
    expect(app.tabBar.list.every((t) => app.pages.includes(t.pagePath))).toBe(true);
    // The evening digest's card opens the team page: it must exist.
    const card = digestCard(
      {
        date: '2026-03-10',
        scope: { kind: 'team', name: '销售一组', departmentIds: [] },
        team: {
          alarm: { noNewAClass: false, days: 3, lastNewAClass: null },
          totals: { valid: 0, aClass: 0, droppingTomorrow: 0 },
          forecast: { nextMonth: { expected: 0 } },
        } as unknown as Digest['team'],
        reps: [],
        teams: [],
      },
      'wx1',
    );
    const pagepath = JSON.stringify(card).match(/"pagepath":"([^"?]+)/)?.[1];
    expect(app.pages).toContain(pagepath);
    const project = JSON.parse(readFileSync(join(out, 'project.config.json'), 'utf8')) as {
      compileType: string;
      appid: string;
      setting: { urlCheck: boolean };
    };
    expect(project).toMatchObject({
      compileType: 'miniprogram',
      appid: 'wx0000000000000000',
      setting: { urlCheck: true },
    });
    expect(existsSync(join(out, 'sitemap.json'))).toBe(true);
    expect(files(out).filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('when built, then every script is CommonJS that parses, and requires only files inside the build', () => {
    for (const file of files(out).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(file, 'utf8');
      expect(() => new Script(code, { filename: file }), file).not.toThrow();
      expect(code, file).not.toMatch(/^\s*(import|export)\s/m);
      for (const [, target] of code.matchAll(/require\("([^"]+)"\)/g)) {
        expect(target, `${file} requires ${target}`).toMatch(/^\.\.?\//);
        expect(existsSync(`${resolve(dirname(file), target!)}.js`), `${file} → ${target}`).toBe(true);
      }
    }
  });

  it('when built for production, then the pages talk to the production server address', () => {
    const env = readFileSync(join(out, 'lib', 'env.js'), 'utf8');
    expect(env).toContain('"apiBase":"https://scrm.example.com"');
    expect(readFileSync(join(out, 'lib', 'api.js'), 'utf8')).toContain('env_1.env.apiBase');
  });

  it('when every template is compiled with the official WXML compiler, then none is refused', () => {
    const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string): string };
    const compiled = compiler.wxmlToJs(out);
    expect(compiled.length).toBeGreaterThan(1000);
    // The compiled bundle holds one entry per page template.
    for (const page of ['pool', 'my', 'customer', 'follow-up', 'check', 'team']) {
      expect(compiled).toContain(`'pages/${page}/index.wxml'`);
    }
  });

  it('when a page misuses the wx API, then the type-check of the build refuses it and names the file', () => {
    // Inside the repository, so the copy resolves the same typings from node_modules.
    mkdirSync(resolve('.cache'), { recursive: true });
    const root = mkdtempSync(join(resolve('.cache'), 'miniapp-src-'));
    try {
      cpSync(resolve('miniapp'), root, { recursive: true, filter: (src) => !src.includes(`${'/'}dist`) });
      const file = join(root, 'src', 'lib', 'notify.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace("icon: 'success'", "icon: 'sparkles'"));
      expect(() => buildMiniapp({ env: 'local', root, outDir: join(root, 'out') })).toThrow(
        /lib\/notify\.ts[\s\S]*'sparkles'/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('when the environment is unknown, or a published build points at plain http, then the build refuses', () => {
    expect(() => buildMiniapp({ env: 'no-such-env', outDir: join(out, 'x') })).toThrow(/unknown mini-app environment/);
    expect(() =>
      buildMiniapp({
        env: { name: 'bad', apiBase: 'http://scrm.example.com', appId: 'wx1', urlCheck: true },
        outDir: join(out, 'x'),
      }),
    ).toThrow(/https/);
  });
});
