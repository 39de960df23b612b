#!/usr/bin/env node
// Benchmark: whole-process timings of cyclekit on a paper-scale file (10,000 cycles at 50C),
// in one interleaved run: a plain-read floor, the first read, the cached read, the threaded
// read, DuckDB's read_csv + groupby and, when `python3 -c 'import pandas'` works, pandas; then
// peak memory of every command on the same cycles with 1× and 4× the records.
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
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GNU_TIME = '/usr/bin/time';
const PYTHON = process.env.BENCH_PYTHON ?? 'python3';

mkdirSync(join(DATA, 'converted'), { recursive: true });
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
// The same fold as the DuckDB row (bench/duckdb-groupby.mjs): per step, then per cycle.
const PANDAS_PY = `
import sys, pandas as pd
df = pd.read_csv(sys.argv[1])
steps = df.groupby(['Cycle Index', 'Step Index']).agg(kind=('Step Type', 'first'), records=('Voltage(V)', 'size'), min_v=('Voltage(V)', 'min'), max_v=('Voltage(V)', 'max'), capacity=('Capacity(mAh)', 'max'), energy=('Energy(mWh)', 'max')).reset_index()
steps['charge'] = steps.capacity.where(steps.kind.str.contains('Chg') & ~steps.kind.str.contains('DChg'), 0)
steps['discharge'] = steps.capacity.where(steps.kind.str.contains('DChg'), 0)
cycles = steps.groupby('Cycle Index').agg(charge=('charge', 'sum'), discharge=('discharge', 'sum'), min_v=('min_v', 'min'), max_v=('max_v', 'max'), records=('records', 'sum'))
print(len(cycles))
`;

function hasPandas() {
  const r = spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' });
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
const cyclekit = (...args) => [node, BIN, ...args];
// Every cached row reads the bench's own cache folder; the warm-up round fills it. `cached`
// runs replay the command's stored output (the same command again); `parsed` runs read the
// parsed-data cache only (another command on the same file).
const cached = (...args) => ['env', `CYCLEKIT_CACHE_DIR=${CACHE}`, ...cyclekit(...args)];
const parsed = (...args) => ['env', `CYCLEKIT_CACHE_DIR=${CACHE}`, 'CYCLEKIT_OUTPUT_CACHE=off', ...cyclekit(...args)];
const COMMANDS = [
  ['summary', ['summary', '--json', '--quiet']],
  ['retention', ['retention', '--json', '--quiet']],
  ['dqdv --cycle 2', ['dqdv', '--json', '--quiet', '--cycle', '2']],
  ['report --json', ['report', '--json', '--quiet']],
];
const neware = files.neware;
const throughPipe = (argv) => ['bash', '-c', 'set -o pipefail; "$@" | cat > /dev/null', 'bash', ...argv];
// Timed rows print into a pipe that `cat` empties, as `cyclekit … | jq` would: the bench's own
// capture of a process's stdout (spawnSync gathering 37 MB) would otherwise be timed with it.
const list = [
  ['plain read (floor)', [node, '-e', FLOOR_JS, neware]],
  ['first read: summary --no-cache, one thread', throughPipe(['env', 'CYCLEKIT_THREADS=1', ...cyclekit('summary', '--json', '--quiet', '--no-cache', neware)])],
  ['first read: summary --no-cache, 2 threads', throughPipe(['env', 'CYCLEKIT_THREADS=2', ...cyclekit('summary', '--json', '--quiet', '--no-cache', neware)])],
  ['first read: summary --no-cache, default', throughPipe(cyclekit('summary', '--json', '--quiet', '--no-cache', neware))],
  ...COMMANDS.map(([name, args]) => [`same command again: ${name}`, throughPipe(cached(...args, neware))]),
  ...COMMANDS.map(([name, args]) => [`parsed-data cache: ${name}`, throughPipe(parsed(...args, neware))]),
  ['DuckDB read_csv + per-step/per-cycle groupby', [node, join(ROOT, 'bench', 'duckdb-groupby.mjs'), neware]],
];
if (hasPandas()) list.push(['pandas read_csv + per-step/per-cycle groupby', [PYTHON, '-c', PANDAS_PY, neware]]);
else log(`pandas not importable by ${PYTHON} (pip install pandas, or BENCH_PYTHON=…): pandas row skipped`);
// Memory must not grow with the records: every command on the same 10,000 cycles with 1× and 4× the records,
// and the commands that read every cycle's points (windows, dQ/dV of every cycle).
const MEMORY_ONLY = [
  ['windows --json', ['windows', '--json', '--quiet']],
  ['windows --csv', ['windows', '--csv', '--quiet']],
  ['dqdv --json --cycle all', ['dqdv', '--json', '--quiet', '--cycle', 'all']],
  // 0.7 GB of JSON (every half cycle's curve): about 30 s a run.
  ['dvdq --json', ['dvdq', '--json', '--quiet']],
  // Into a pipe, as `convert … | gzip` would (the bench reads the output through one).
  ['convert --to bdf', ['convert', '--to', 'bdf', '--quiet']],
  // Into a folder of its own: a file rewritten beside the data would change the data folder's
  // listing, which the output cache checks, at every round.
  ['convert --to bdf-parquet', ['convert', '--to', 'bdf-parquet', '--quiet', '-o', join(DATA, 'converted', 'he-v.bdf.parquet')]],
];
// Outputs of hundreds of MB (dvdq, convert) go through a pipe the bench does not keep (a 0.7 GB
// string is more than V8 holds); GNU time's peak is then the largest of the processes: cyclekit's.
const LARGE_OUTPUT = new Set(['dvdq --json', 'convert --to bdf']);
for (const [key, share] of [['quarter', '1×'], ['neware', '4×']]) {
  for (const [name, args] of [...COMMANDS, ...MEMORY_ONLY]) {
    const argv = cyclekit(...(name.startsWith('convert') ? args : [...args, '--no-cache']), files[key]);
    list.push([`memory: ${name}${name.startsWith('convert') ? '' : ' --no-cache'}, ${share} records`, LARGE_OUTPUT.has(name) ? throughPipe(argv) : argv]);
  }
}
list.push(['canonical CSV: plain read', [node, '-e', FLOOR_JS, files.canonical]]);
list.push(['canonical CSV: summary --no-cache', cyclekit('summary', '--json', '--quiet', '--no-cache', files.canonical)]);

// BENCH_ONLY=regex times only the rows whose label matches (and the floor, which every ratio needs).
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const rows = measureAll(only ? list.filter(([label], i) => i === 0 || only.test(label) || (label.startsWith('canonical CSV: plain') && list.some(([l]) => l.startsWith('canonical') && only.test(l)))) : list);
const floor = rows[0];
for (const row of rows) {
  const key = row.label.includes('1× records') ? 'quarter' : row.label.startsWith('canonical') ? 'canonical' : 'neware';
  const { bytes, records } = results.files[key];
  const floorS = key === 'canonical' ? rows.find((r) => r.label === 'canonical CSV: plain read').wallS : floor.wallS;
  Object.assign(row, { file: key, recordsPerS: records / row.wallS, mbPerS: bytes / 1e6 / row.wallS, vsFloor: row.wallS / floorS });
  results.measurements.push(row);
}
const first = rows.find((r) => r.label === 'first read: summary --no-cache, default');
const pandas = rows.find((r) => r.label.startsWith('pandas'));
const duck = rows.find((r) => r.label.startsWith('DuckDB'));
if (pandas && first) results.speedupVsPandas = pandas.wallS / first.wallS;
if (duck && first) results.speedVsDuckDB = duck.wallS / first.wallS;

writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d) => (x === undefined ? '' : x.toFixed(d)).padStart(9);
console.log(`machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}`);
for (const [k, f] of Object.entries(results.files)) console.log(`${k}: ${f.records} records, ${(f.bytes / 1e6).toFixed(1)} MB`);
console.log(`${pad('command', 56)}${'median s'.padStart(9)}${'rec/s M'.padStart(9)}${'MB/s'.padStart(9)}${'× floor'.padStart(9)}${'RSS MB'.padStart(9)}`);
for (const r of results.measurements) console.log(`${pad(r.label, 56)}${num(r.wallS, 3)}${num(r.recordsPerS / 1e6, 2)}${num(r.mbPerS, 1)}${num(r.vsFloor, 2)}${num(r.peakRssMB, 0)}`);
if (results.speedupVsPandas) console.log(`first read: cyclekit summary is ${results.speedupVsPandas.toFixed(2)}× as fast as pandas read_csv + groupby`);
if (results.speedVsDuckDB) console.log(`first read: cyclekit summary takes ${(1 / results.speedVsDuckDB).toFixed(2)}× DuckDB's time`);
