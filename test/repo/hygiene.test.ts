import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REAL, ROOT } from '../helpers/cli.js';

/** Every file under `dir`, relative to it, skipping nothing. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p).map((f) => join(name, f)) : [name];
  });
}

describe('the repository stands on its own', () => {
  it('no source, test, script or bench names a path outside the repository', () => {
    const offenders: string[] = [];
    for (const top of ['src', 'test', 'scripts', 'bench']) {
      for (const rel of walk(join(ROOT, top))) {
        if (!/\.(ts|mts|js|mjs|json|yaml|sh)$/.test(rel)) continue;
        const text = readFileSync(join(ROOT, top, rel), 'utf8');
        // The shared folder beside this repository exists only on the maintainers' machines.
        if (/\.\.\/shared\b|shared\/(data|paper)\//.test(text)) offenders.push(join(top, rel));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('fixtures/real holds exactly the files its MANIFEST lists, with their licence texts', () => {
    const manifest = readFileSync(join(REAL, 'MANIFEST.md'), 'utf8');
    // Rows of the data and reference tables start with the file's path; the test table's with test/.
    const listed = new Set([...manifest.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!).filter((f) => !f.startsWith('test/')));
    const onDisk = walk(REAL).filter((f) => f !== 'MANIFEST.md' && !f.startsWith('LICENSES/'));
    expect(onDisk.length).toBe(87); // both sets: data files and the references beside them
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !onDisk.includes(f))).toEqual([]);
    // Every licence the tables name has its text.
    const licences = walk(join(REAL, 'LICENSES'));
    expect(licences.length).toBeGreaterThanOrEqual(10);
    for (const l of licences) expect(statSync(join(REAL, 'LICENSES', l)).size).toBeGreaterThan(500);
  });

  it('fixtures/ stays under its 45 MB budget and out of the published package', () => {
    const bytes = walk(join(ROOT, 'fixtures')).reduce((n, f) => n + statSync(join(ROOT, 'fixtures', f)).size, 0);
    expect(bytes).toBeLessThan(45e6);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files.some((f) => f.startsWith('fixtures'))).toBe(false);
    expect(relative(ROOT, REAL)).toBe(join('fixtures', 'real'));
  });
});
