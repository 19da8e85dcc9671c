// satellite.js side of bench/propagate_vs_satellitejs.sh: propagates the first N near-Earth
// element sets of a TLE file at T one-minute steps from START, with (a) the plain JavaScript
// sgp4() and (b) the WASM BulkPropagator (EciBaseCalculator = SGP4 TEME position/velocity,
// single-thread runtime) and (c) the WASM BulkPropagator on the multi-thread runtime.
// Prints one JSON line per method with the median of REPEATS timed runs.
//
// Usage: node propagate.mjs TLE_FILE N_SATS N_STEPS START_ISO REPEATS THREADS
import { readFileSync } from 'node:fs';
import {
  BulkPropagator,
  EciBaseCalculator,
  createMultiThreadRuntime,
  createSingleThreadRuntime,
  sgp4,
  twoline2satrec,
} from 'satellite.js';

const [tleFile, nSatsArg, nStepsArg, startIso, repeatsArg, threadsArg] = process.argv.slice(2);
const nSats = Number(nSatsArg);
const nSteps = Number(nStepsArg);
const repeats = Number(repeatsArg);
const threads = Number(threadsArg);
const start = new Date(startIso);

function loadSatrecs() {
  const lines = readFileSync(tleFile, 'utf8').split('\n');
  const satrecs = [];
  for (let i = 0; i + 1 < lines.length && satrecs.length < nSats; i++) {
    if (lines[i].startsWith('1 ') && lines[i + 1].startsWith('2 ')) {
      const satrec = twoline2satrec(lines[i], lines[i + 1]);
      // Same selection as the C++ side: near-Earth sets only (period < 225 min).
      if ((2 * Math.PI) / satrec.no < 225) satrecs.push(satrec);
      i++;
    }
  }
  return satrecs;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Median wall and process CPU seconds (all threads, workers included) of `repeats` runs.
// CPU time is reported too because the build machine is shared: with other processes
// running, wall time says little, while CPU time per propagation still measures the code.
async function timeRuns(run) {
  await run(); // warm-up (JIT, WASM memory growth)
  const wall = [];
  const cpu = [];
  for (let r = 0; r < repeats; r++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    await run();
    wall.push(Number(process.hrtime.bigint() - start) / 1e9);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function report(method, threadsUsed, timing, checksum) {
  const propagations = satrecs.length * nSteps;
  console.log(
    JSON.stringify({
      method,
      threads: threadsUsed,
      satellites: satrecs.length,
      steps: nSteps,
      seconds_median: timing.wall,
      cpu_seconds_median: timing.cpu,
      propagations_per_s: propagations / timing.wall,
      propagations_per_cpu_s: propagations / timing.cpu,
      checksum_x_km: checksum,
    }),
  );
}

const satrecs = loadSatrecs();
const dates = Array.from({ length: nSteps }, (_, k) => new Date(start.getTime() + k * 60000));
const startJd = start.getTime() / 86400000 + 2440587.5;

function runPlain() {
  let sum = 0;
  for (const satrec of satrecs) {
    const t0 = (startJd - satrec.jdsatepoch - (satrec.jdsatepochF ?? 0)) * 1440;
    for (let k = 0; k < nSteps; k++) {
      const pv = sgp4(satrec, t0 + k);
      if (pv) sum += pv.position.x;
    }
  }
  return sum;
}

function sumX(propagator) {
  const positions = propagator.getRawOutput().eci.position;
  let sum = 0;
  for (let i = 0; i < positions.length; i += 3) sum += positions[i];
  return sum;
}

async function timeBulk(runtime, threadsUsed, label) {
  const propagator = new BulkPropagator({
    runtime,
    calculators: [new EciBaseCalculator()],
    satRecsCount: satrecs.length,
    datesCount: nSteps,
  });
  propagator.setSatRecs(satrecs);
  propagator.setDates(dates);
  const timing = await timeRuns(async () => propagator.run());
  report(label, threadsUsed, timing, sumX(propagator));
  propagator.dispose();
}

{
  let checksum = 0;
  const timing = await timeRuns(async () => {
    checksum = runPlain();
  });
  report('satellite.js sgp4()', 1, timing, checksum);
}

{
  const runtime = await createSingleThreadRuntime();
  await timeBulk(runtime, 1, 'satellite.js WASM BulkPropagator');
}

if (threads > 1) {
  const runtime = await createMultiThreadRuntime({ threadsCount: threads });
  await timeBulk(runtime, threads, 'satellite.js WASM BulkPropagator');
}
// Runtimes are not disposed: dispose() runs Emscripten exit(), which throws ExitStatus.
process.exit(0);
