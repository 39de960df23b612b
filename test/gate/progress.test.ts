import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

describe('batch progress', () => {
  it('draws files done/total and rows/s in place, then erases itself', () => {
    const out: string[] = [];
    let t = Date.now();
    const p = new Progress(3, true, (s) => out.push(s), () => t);
    t += 1000;
    p.fileDone(5000);
    t += 1000;
    p.fileDone(5000);
    t += 1000;
    p.fileDone(5000);
    p.finish();
    expect(out[0]).toMatch(/^\r\x1b\[Kcyclekit: files 1\/3 · [\d,]+ rows\/s$/);
    expect(out.at(-2)).toMatch(/files 3\/3/);
    expect(out.at(-1)).toBe('\r\x1b[K');
  });

  it('is silent when disabled (not a TTY, or --quiet)', () => {
    const out: string[] = [];
    const p = new Progress(3, false, (s) => out.push(s));
    p.fileDone(1);
    p.finish();
    expect(out).toEqual([]);
  });
});
