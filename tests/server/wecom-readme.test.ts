import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The WeCom protocol facts the code relies on live in the repository (server/wecom/README.md), and every
// comment that cites them points at a section that exists there.

const tracked = execFileSync('git', ['ls-files', '*.ts', '*.md'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const reference = readFileSync('server/wecom/README.md', 'utf8');
const sections = new Set([...reference.matchAll(/^#{2,3} (\d+(?:\.\d+)?)[. ]/gm)].map((m) => m[1]));

describe('the WeCom reference in the repository', () => {
  it('when code cites WeCom protocol facts, then it cites server/wecom/README.md and the section exists', () => {
    const citations: { file: string; section: string }[] = [];
    const dangling: string[] = [];
    for (const file of tracked) {
      const text = readFileSync(file, 'utf8');
      if (/(?<![/\w])WECOM\.md/.test(text)) {
        dangling.push(file);
      }
      for (const m of text.matchAll(/server\/wecom\/README\.md §(\d+(?:\.\d+)?)(?:–(\d+(?:\.\d+)?))?/g)) {
        citations.push({ file, section: m[1]! }, ...(m[2] ? [{ file, section: m[2] }] : []));
      }
    }
    expect(dangling).toEqual([]);
    expect(citations.length).toBeGreaterThanOrEqual(19);
    expect(citations.filter((c) => !sections.has(c.section))).toEqual([]);
  });
});
