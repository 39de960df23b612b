#!/usr/bin/env node
// The DuckDB row of the bench: read a Neware-style CSV with DuckDB's parallel C++ reader and
// fold it per step, then per cycle — the shape of what `cyclekit summary` computes (without its
// checks, ∫I dt or partial-cycle rules). Run as its own process so the timing includes loading
// the native module, as cyclekit's includes Node's start-up. Prints the number of cycles.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) throw new Error('usage: duckdb-groupby.mjs FILE.csv');
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const path = file.replaceAll("'", "''");
const reader = await conn.runAndReadAll(`
  WITH steps AS (
    SELECT "Cycle Index" AS cycle, "Step Index" AS step, any_value("Step Type") AS kind,
           count(*) AS records, min("Voltage(V)") AS min_v, max("Voltage(V)") AS max_v,
           max("Capacity(mAh)") AS capacity_mah, max("Energy(mWh)") AS energy_mwh,
           min("Total Time") AS start_time, max("Total Time") AS end_time
    FROM read_csv('${path}')
    GROUP BY "Cycle Index", "Step Index"
  )
  SELECT cycle,
         sum(capacity_mah) FILTER (WHERE kind LIKE '%Chg%' AND kind NOT LIKE '%DChg%') AS charge_mah,
         sum(capacity_mah) FILTER (WHERE kind LIKE '%DChg%') AS discharge_mah,
         sum(energy_mwh) FILTER (WHERE kind LIKE '%DChg%') AS discharge_mwh,
         min(min_v) AS min_v, max(max_v) AS max_v, sum(records) AS records
  FROM steps GROUP BY cycle ORDER BY cycle`);
console.log(reader.getRowObjects().length);
