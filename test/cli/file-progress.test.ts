import { describe, expect, it } from 'vitest';
import { FileProgress, processBytesRead, sampleBytesPerRow } from '../../src/cli/progress.js';

describe('progress of one large file', () => {
  it('shows bytes read of the size, ~rows from the first rows\' length, and MB/s', () => {
    let bytes = 1000;
    let t = 0;
    const out: string[] = [];
    const p = new FileProgress('big.csv', 200 * 1024 * 1024, 100, (s) => out.push(s), () => bytes, () => t);
    bytes += 50 * 1024 * 1024;
    t = 2000;
    expect(p.line()).toBe('cyclekit: big.csv · 50.0 MB of 200.0 MB (25 %) · ~524,288 rows · 25.0 MB/s');
    p.finish();
    expect(out).toEqual([]); // never drawn, nothing to erase
  });

  it('binary content gives no row estimate; a machine without /proc/self/io gives no line at all', () => {
    expect(sampleBytesPerRow(new Uint8Array([1, 2, 10, 3, 10]))).toBeNull();
    const text = new TextEncoder().encode('t,v\n'.repeat(20));
    expect(sampleBytesPerRow(text)).toBe(4);
    const p = new FileProgress('x.ndax', 3 * 1024 ** 3, null, () => undefined, () => 0, () => 1000);
    expect(p.line()).toBe('cyclekit: x.ndax · 0.0 MB of 3.00 GB (0 %) · 0.0 MB/s');
    if (process.platform === 'linux') expect(processBytesRead()).toBeGreaterThan(0);
  });
});
