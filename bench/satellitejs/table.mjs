// Reads the JSON lines of sgp4_throughput and propagate.mjs on stdin and prints a Markdown
// table: propagations per second (wall clock), per CPU-second (= per core busy), and the
// ratios of both against satellite.js's single-thread WASM BulkPropagator.
import { readFileSync } from 'node:fs';

const rows = readFileSync(0, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line));
const reference = rows.find((r) => r.method.includes('WASM') && r.threads === 1);
const millions = (x) => (x / 1e6).toFixed(2);
const ratio = (x, y) => (reference ? (x / y).toFixed(1) : 'n/a');

console.log(
  '| method | threads | M prop/s (wall) | M prop/s per CPU-second | wall vs sat.js WASM | per-core vs sat.js WASM |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.method} | ${r.threads} | ${millions(r.propagations_per_s)} | ` +
      `${millions(r.propagations_per_cpu_s)} | ` +
      `${ratio(r.propagations_per_s, reference?.propagations_per_s)}x | ` +
      `${ratio(r.propagations_per_cpu_s, reference?.propagations_per_cpu_s)}x |`,
  );
}
