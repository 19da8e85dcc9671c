// satellite.js side of the CSV part of bench/propagate_vs_satellitejs.sh: what
// `lagrange propagate --format csv` does, in JavaScript: read a TLE file, propagate every set
// with sgp4() at T one-minute steps from START and write one CSV row per state
// (norad_id,time_utc,minutes_since_epoch,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s; 9 decimals
// with toFixed) to OUT, a megabyte at a time.
//
// Usage: node propagate_csv.mjs select TLE_FILE N_SATS OUT_TLE   (first N near-Earth sets)
//        node propagate_csv.mjs csv TLE_FILE N_STEPS START_ISO OUT_CSV
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { sgp4, twoline2satrec } from 'satellite.js';

// [name, line1, line2] of each set, in file order.
function readSets(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const sets = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i].startsWith('1 ') && lines[i + 1].startsWith('2 ')) {
      sets.push([i > 0 ? lines[i - 1] : '', lines[i], lines[i + 1]]);
      i++;
    }
  }
  return sets;
}

function select(file, nSats, out) {
  const chosen = [];
  for (const set of readSets(file)) {
    if (chosen.length === nSats) break;
    const satrec = twoline2satrec(set[1], set[2]);
    if ((2 * Math.PI) / satrec.no < 225) chosen.push(set.join('\n'));
  }
  writeFileSync(out, chosen.join('\n') + '\n');
}

function csv(file, nSteps, startIso, out) {
  const start = new Date(startIso).getTime();
  const startJd = start / 86400000 + 2440587.5;
  const times = Array.from({ length: nSteps }, (_, k) => new Date(start + k * 60000).toISOString());
  const fd = openSync(out, 'w');
  let chunk = 'norad_id,time_utc,minutes_since_epoch,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n';
  for (const set of readSets(file)) {
    const satrec = twoline2satrec(set[1], set[2]);
    const t0 = (startJd - satrec.jdsatepoch - (satrec.jdsatepochF ?? 0)) * 1440;
    const id = Number(satrec.satnum);
    for (let k = 0; k < nSteps; k++) {
      const minutes = t0 + k;
      const pv = sgp4(satrec, minutes);
      if (!pv) continue;
      const r = pv.position;
      const v = pv.velocity;
      chunk +=
        `${id},${times[k]},${minutes.toFixed(9)},${r.x.toFixed(9)},${r.y.toFixed(9)},` +
        `${r.z.toFixed(9)},${v.x.toFixed(9)},${v.y.toFixed(9)},${v.z.toFixed(9)}\n`;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'select') select(args[0], Number(args[1]), args[2]);
else if (mode === 'csv') csv(args[0], Number(args[1]), args[2], args[3]);
else throw new Error(`unknown mode '${mode}' (select | csv)`);
