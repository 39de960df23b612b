import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * Tests mirror src/: a folder of test/ is a folder of src/ (its unit and behaviour tests), or one
 * of the suites that cut across stages, listed here with what they cover.
 */
const ACROSS: Record<string, string> = {
  api: 'src/index.ts, the library as a consumer imports it',
  architecture: 'the import graph and this layout',
  docs: 'every documented example, help text and link',
  helpers: 'shared test helpers, no tests',
  hostile: 'hostile and damaged inputs through the whole CLI (issue #17)',
  repo: 'the repository itself: fixtures, manifest, no paths outside',
};

const dirs = (root: string): string[] => readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory() && !n.startsWith('__'));

describe('test/ mirrors src/', () => {
  it('every test folder is a source folder or a listed cross-cutting suite', () => {
    const src = new Set(dirs(join(ROOT, 'src')));
    const stray = (root: string, prefix = ''): string[] =>
      dirs(root).flatMap((d) => {
        const rel = prefix + d;
        if (prefix === '' && ACROSS[d] !== undefined) return [];
        const srcPath = join(ROOT, 'src', rel);
        const exists = prefix === '' ? src.has(d) : statSync(srcPath, { throwIfNoEntry: false })?.isDirectory() === true;
        return exists ? stray(join(root, d), `${rel}/`) : [rel];
      });
    expect(stray(join(ROOT, 'test')).filter((d) => !d.endsWith('fixtures'))).toEqual([]);
  });
});
