#!/usr/bin/env node
// Benchmark: whole-process timings of cyclekit on a paper-scale file (10,000 cycles at 50C),
// against a plain-read floor and, when Debian's python3-pandas is installed, pandas.
// Not a test: run with `npm run bench`. Results: bench/results.json and a table on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench', 'data');
const CACHE = join(DATA, 'cache');
const BIN = join(ROOT, 'bin', 'cyclekit.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GNU_TIME = '/usr/bin/time';
const PANDAS_PYTHON = '/usr/bin/python3';

mkdirSync(DATA, { recursive: true });
// Cached rows must read what this build cached: start empty, the warm-up round fills it.
rmSync(CACHE, { recursive: true, force: true });

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

/** Generate a file with the simulator once; reused across runs of the bench. */
function simulate(name, args) {
  const out = join(DATA, name);
  if (!existsSync(out)) {
    log(`generating ${name} …`);
    const r = spawnSync(process.execPath, [BIN, 'simulate', ...args, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`simulate failed for ${name}`);
  }
  return out;
}

function countRecords(file) {
  const buf = readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n - 1; // header line
}

/** One run under GNU time: wall seconds from the parent's clock, peak RSS (MB) from the kernel. */
function runOnce(label, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-f', '%M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return { wall, rssMB: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

/**
 * Run every command once per round, RUNS rounds after one warm-up round. Interleaving keeps
 * the ratios honest on a shared machine whose speed drifts: each command sees the same drift.
 * Returns medians per command.
 */
function measureAll(commands) {
  const samples = commands.map(() => ({ walls: [], rss: [] }));
  for (let round = 0; round <= RUNS; round++) {
    commands.forEach(([label, argv], i) => {
      const { wall, rssMB } = runOnce(label, argv);
      if (round === 0) return; // warm-up: page cache, JIT of the loader
      samples[i].walls.push(wall);
      samples[i].rss.push(rssMB);
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return commands.map(([label], i) => {
    const { walls, rss } = samples[i];
    return { label, runs: RUNS, wallS: median(walls), wallMinS: Math.min(...walls), wallMaxS: Math.max(...walls), peakRssMB: median(rss) };
  });
}

const FLOOR_JS = "const fs=require('fs');let n=0;const s=fs.createReadStream(process.argv[1],{highWaterMark:1<<20});s.on('data',b=>{for(let i=b.indexOf(10);i!==-1;i=b.indexOf(10,i+1))n++});s.on('end',()=>console.log(n))";
const PANDAS_PY = `
import sys, pandas as pd
df = pd.read_csv(sys.argv[1])
g = df.groupby('Cycle Index')
print(len(g.agg({'Capacity(mAh)': 'max', 'Energy(mWh)': 'max', 'Voltage(V)': 'mean'})))
`;

function hasPandas() {
  const r = spawnSync(PANDAS_PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' });
  return r.status === 0;
}

const files = {
  neware: simulate('he-v-50C-10000-neware.csv', ['--material', 'he-v', '--protocol', 'long', '--cycles', '10000', '--c-rate', '50', '--layout', 'neware', '--seed', '1']),
  canonical: simulate('he-v-50C-10000-canonical.csv', ['--material', 'he-v', '--protocol', 'long', '--cycles', '10000', '--c-rate', '50', '--layout', 'canonical', '--seed', '1']),
  // Same 10,000 cycles logged 4× more sparsely: a quarter of the records, the same per-cycle output.
  quarter: simulate('he-v-50C-10000-sparse-neware.csv', ['--material', 'he-v', '--protocol', 'long', '--cycles', '10000', '--c-rate', '50', '--layout', 'neware', '--seed', '1', '--dt', '20', '--dv', '0.2']),
};

const results = { machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, files: {}, measurements: [] };
for (const [key, file] of Object.entries(files)) {
  results.files[key] = { path: file, bytes: statSync(file).size, records: countRecords(file) };
}

const node = process.execPath;
const rows = [];
for (const key of ['neware', 'canonical']) {
  const file = files[key];
  const { bytes, records } = results.files[key];
  const list = [
    [`plain read (${key})`, [node, '-e', FLOOR_JS, file]],
    [`cyclekit summary (${key})`, [node, BIN, 'summary', '--json', '--quiet', '--no-cache', file]],
    [`cyclekit summary, 2 threads (${key})`, ['env', 'CYCLEKIT_THREADS=2', node, BIN, 'summary', '--json', '--quiet', '--no-cache', file]],
    [`cyclekit retention (${key})`, [node, BIN, 'retention', '--json', '--quiet', '--no-cache', file]],
    // Second look: the warm-up round fills the cache (in bench/data/cache), every timed run reads it.
    [`cached summary (${key})`, ['env', `CYCLEKIT_CACHE_DIR=${CACHE}`, node, BIN, 'summary', '--json', '--quiet', file]],
    [`cached retention (${key})`, ['env', `CYCLEKIT_CACHE_DIR=${CACHE}`, node, BIN, 'retention', '--json', '--quiet', file]],
    [`cached dqdv --cycle 2 (${key})`, ['env', `CYCLEKIT_CACHE_DIR=${CACHE}`, node, BIN, 'dqdv', '--json', '--quiet', '--cycle', '2', file]],
    [`cached report (${key})`, ['env', `CYCLEKIT_CACHE_DIR=${CACHE}`, node, BIN, 'report', '--json', '--quiet', file]],
  ];
  if (key === 'neware') {
    if (hasPandas()) list.push([`pandas read_csv + groupby (${key})`, [PANDAS_PYTHON, '-c', PANDAS_PY, file]]);
    else log('python3-pandas not installed (apt-get install -y python3-pandas): pandas comparison skipped');
  }
  const cmds = measureAll(list);
  const floor = cmds[0];
  for (const m of cmds) {
    const row = { file: key, ...m, recordsPerS: records / m.wallS, mbPerS: bytes / 1e6 / m.wallS, vsFloor: m.wallS / floor.wallS };
    results.measurements.push(row);
    rows.push(row);
  }
}
// Memory must not grow with file size: the same 10,000 cycles with 1× and 4× the records.
const [quarter] = measureAll([['cyclekit summary (neware, 1/4 of the records)', [node, BIN, 'summary', '--json', '--quiet', '--no-cache', files.quarter]]]);
results.measurements.push({ file: 'quarter', ...quarter });
const full = results.measurements.find((m) => m.label === 'cyclekit summary (neware)');
results.memoryGrowth = { quarterMB: quarter.peakRssMB, fullMB: full.peakRssMB, ratio: full.peakRssMB / quarter.peakRssMB };
const pandas = results.measurements.find((m) => m.label.startsWith('pandas'));
if (pandas && full) results.speedupVsPandas = pandas.wallS / full.wallS;

writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d) => (x === undefined ? '' : x.toFixed(d)).padStart(9);
console.log(`machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}`);
for (const [k, f] of Object.entries(results.files)) console.log(`${k}: ${f.records} records, ${(f.bytes / 1e6).toFixed(1)} MB`);
console.log(`${pad('command', 44)}${'median s'.padStart(9)}${'rec/s M'.padStart(9)}${'MB/s'.padStart(9)}${'× floor'.padStart(9)}${'RSS MB'.padStart(9)}`);
for (const r of rows) console.log(`${pad(r.label, 44)}${num(r.wallS, 3)}${num(r.recordsPerS / 1e6, 2)}${num(r.mbPerS, 1)}${num(r.vsFloor, 2)}${num(r.peakRssMB, 0)}`);
console.log(`peak memory, same cycles, 1× → 4× records (${results.files.quarter.records} → ${results.files.neware.records}): ${results.memoryGrowth.quarterMB.toFixed(0)} MB → ${results.memoryGrowth.fullMB.toFixed(0)} MB`);
if (results.speedupVsPandas) console.log(`cyclekit summary is ${results.speedupVsPandas.toFixed(2)}× faster than pandas read_csv + groupby`);
