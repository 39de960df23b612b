import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REAL } from '../helpers/cli.js';

/**
 * Every data file of fixtures/real (vendor folders; not expected/, LICENSES/ or the
 * MANIFEST), in one process per output mode: each file either gets a report or fails alone
 * with exit 2 and one clean `cyclekit: FILE…` line.
 */
function dataFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'expected' || name === 'LICENSES' || name === 'MANIFEST.md' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...dataFiles(p));
    else if (dir !== REAL) out.push(p);
  }
  return out;
}

/** Files cyclekit refuses with exit 2: none — every real export of both sets reads (issue #14). */
const NOT_READABLE: string[] = [];

describe('cyclekit report on every real export', () => {
  const files = dataFiles(REAL);

  it('finds the shared data', () => {
    expect(files.length).toBeGreaterThan(25);
  });

  it('--json: a report for each readable file, sections or reasons, a clean error for the rest', () => {
    const r = cli(['report', '--json', '-q', ...files]);
    expect(r.code).toBe(NOT_READABLE.length > 0 ? 2 : 0);
    const results = JSON.parse(r.stdout).results as Record<string, unknown>[];
    expect(results).toHaveLength(files.length);
    const failed: string[] = [];
    for (const res of results) {
      const file = String(res.file);
      if ('error' in res) {
        failed.push(file.slice(REAL.length + 1));
        continue;
      }
      expect(Array.isArray(res.cycles), file).toBe(true);
      const na = res.notApplicable as Record<string, string>;
      for (const k of ['windows', 'dqdv', 'retention', 'rate', 'energy', 'compare']) {
        // each section is there, or says why not — and never failed on real data
        expect(res[k] !== null || typeof na[k] === 'string', `${file} ${k}`).toBe(true);
        if (na[k] !== undefined) expect(na[k], `${file} ${k}`).not.toMatch(/^not available/);
      }
      if (res.massG === null) expect(na.energy, file).toMatch(/^no active mass/);
    }
    expect(failed).toEqual(NOT_READABLE);
    // Two or more errors that list the known formats share one list line after them (src/cli/run.ts).
    const errLines = r.stderr.trim().split('\n').filter((l) => l.length > 0 && !l.startsWith('cyclekit: known formats (--format): '));
    expect(errLines).toHaveLength(NOT_READABLE.length);
    for (const l of errLines) expect(l).toMatch(/^cyclekit: \S+: /);
  });

  it('text: every readable file renders every section without a stack trace', () => {
    const r = cli(['report', ...files]);
    expect(r.code).toBe(NOT_READABLE.length > 0 ? 2 : 0);
    const reports = r.stdout.split(/^── \/.*$/m).filter((s) => s.includes('cyclekit report — '));
    expect(reports).toHaveLength(files.length - NOT_READABLE.length);
    for (const rep of reports) {
      for (const t of ['per-cycle summary', 'Coulombic efficiency', 'capacity by voltage window', 'dQ/dV and redox couples', 'capacity retention', 'rate capability', 'energy density', 'comparison with']) {
        expect(rep).toContain(`── ${t}`);
      }
      expect(rep).not.toContain('not available:');
    }
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
