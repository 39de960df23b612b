#!/usr/bin/env node
// Archive benchmark (issue #20): index N simulated files of mixed vendor layouts, re-index the
// unchanged folder, index in two shards, and query the result. Not a test: `npm run bench:archive`.
// BENCH_ARCHIVE_FILES (default 1000) sets N; the simulated files are kept in bench/data/archive-src.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'cyclekit.js');
const N = Number(process.env.BENCH_ARCHIVE_FILES ?? 1000);
const SRC = join(ROOT, 'bench', 'data', `archive-src-${N}`);
const OUT = join(ROOT, 'bench', 'data', 'archive-out');
const GNU_TIME = '/usr/bin/time';
const log = (m) => process.stderr.write(`${m}\n`);

mkdirSync(SRC, { recursive: true });
const layouts = ['neware', 'canonical', 'land'];
const materials = ['he-v', 'nvp'];
for (let i = 0; i < N; i++) {
  const file = join(SRC, `cell-${String(i).padStart(4, '0')}.${layouts[i % 3] === 'land' ? 'txt' : 'csv'}`);
  if (existsSync(file)) continue;
  if (i % 50 === 0) log(`simulating ${i}/${N} …`);
  // Every fourth cell fades fast, so "below 80 %" has answers.
  const fade = i % 4 === 0 ? '300:0.85,600:0.70' : 'paper';
  const args = ['simulate', '--material', materials[i % 2], '--protocol', 'long', '--cycles', '600', '--c-rate', '10', '--dt', '60', '--dv', '0.2', '--fade', fade, '--layout', layouts[i % 3], '--seed', String(i + 1), '-o', file];
  const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`simulate failed: ${args.join(' ')}`);
}
const files = readdirSync(SRC).filter((f) => !f.endsWith('.yaml'));
const bytes = files.reduce((n, f) => n + statSync(join(SRC, f)).size, 0);

function timed(label, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', '%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label}: exit ${r.status}\n${r.stderr.slice(-400)}`);
  const rssMB = Number(r.stderr.trim().split('\n').pop()) / 1024;
  log(`${label}: ${wallS.toFixed(2)} s, ${rssMB.toFixed(0)} MB`);
  return { label, wallS, rssMB, stdout: r.stdout };
}

rmSync(OUT, { recursive: true, force: true });
const one = join(OUT, 'one');
const two = join(OUT, 'two');
const first = timed('index (first run)', ['index', '-r', SRC, '--to', one, '-q', '--no-cache']);
const again = timed('index (unchanged)', ['index', '-r', SRC, '--to', one, '-q', '--no-cache']);
const s0 = timed('index --shard 0/2', ['index', '-r', SRC, '--to', two, '-q', '--no-cache', '--shard', '0/2']);
const s1 = timed('index --shard 1/2', ['index', '-r', SRC, '--to', two, '-q', '--no-cache', '--shard', '1/2']);
const sql = 'SELECT * FROM cycles ORDER BY ALL';
const same = timed('query one', ['query', one, sql, '--csv']).stdout === timed('query two', ['query', two, sql, '--csv']).stdout;
const below = timed('query: retention < 80 % at cycle 500', ['query', one, 'SELECT count(*) AS cells FROM (' + 'SELECT c.path FROM cycles c JOIN cycles f ON c.path = f.path AND f.cycle = 1 WHERE c.cycle = 500 AND c.dischargeCapacityMAh / f.dischargeCapacityMAh < 0.8)', '--json']);

const results = {
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  files: files.length,
  megabytes: bytes / 1e6,
  firstRun: { wallS: first.wallS, filesPerS: files.length / first.wallS, mbPerS: bytes / 1e6 / first.wallS, peakRssMB: first.rssMB },
  unchangedRun: { wallS: again.wallS, fractionOfFirst: again.wallS / first.wallS, peakRssMB: again.rssMB },
  shards: { wallS: [s0.wallS, s1.wallS], identicalToSingleRun: same },
  query: { wallS: below.wallS, answer: JSON.parse(below.stdout).rows[0] },
};
writeFileSync(join(ROOT, 'bench', 'archive-results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
