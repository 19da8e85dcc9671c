#!/usr/bin/env node
// CesiumPlaysTheCzml: plays the CZML that the real `lagrange run` writes in real CesiumJS, in
// headless Chromium (Debian's /usr/bin/chromium driven by playwright-core), offline:
//   LAGRANGE_BIN=build/bin/lagrange node viewer/test/play_czml.mjs <work-dir>
// Runs the Three-Body day into <work-dir>/out, serves it with viewer/serve.js on a free loopback
// port, opens the viewer and checks what Cesium made of the file against the file itself:
// entity counts, the clock, sampled positions (Cesium's cartographic = the CZML's samples),
// availability, contact lines between the right entities, captures. Any page error, console
// error, failed or non-loopback request fails the test. Leaves <work-dir>/scenario.png for a
// person to look at. Exit 0 pass, 1 fail, 77 skip (no Chromium).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SKIP = 77;
const viewerDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = resolve(viewerDir, "..");
const scenario = join(repoDir, "data", "scenarios", "three-body.yaml");
const started = Date.now();
let serverProcess; // killed on the way out, also when the watchdog fires
process.on("exit", () => serverProcess?.kill());

function log(message) {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
}

// --- the CZML as written: what Cesium should show ------------------------------------------

function runLagrange(outDir) {
  const bin = process.env.LAGRANGE_BIN;
  assert.ok(bin && existsSync(bin), `LAGRANGE_BIN must name the built lagrange binary (${bin})`);
  const args = ["run", scenario, "--output", outDir, "--no-progress"];
  const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${bin} ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(readFileSync(join(outDir, "scenario.czml"), "utf8"));
}

const seconds = (iso) => Date.parse(iso) / 1000;
const isoAt = (s) => new Date(Math.round(s * 1000)).toISOString();
const intervalsOf = (availability) =>
  [availability].flat().map((text) => text.split("/").map(seconds));

// What the test checks, picked from the CZML: one satellite's samples, a ground pass two hours
// into the window (shown during the pass, hidden after it; the screenshot's moment), a capture.
function expectations(packets) {
  const [doc, ...entities] = packets;
  assert.equal(doc.id, "document");
  const [start, stop] = doc.clock.interval.split("/");
  const byPrefix = (p) => entities.filter((e) => e.id.startsWith(p));
  const sats = byPrefix("sat-");
  const contacts = byPrefix("contact-");
  const ground = contacts.filter((c) => c.id.includes("station-"));
  const captures = byPrefix("capture-");
  assert.ok(sats.length > 0 && ground.length > 0 && captures.length > 0, "an empty run");
  const counts = {
    total: entities.length,
    satellites: sats.length,
    stations: byPrefix("station-").length,
    contacts: contacts.length,
    captures: captures.length,
    other: 0,
  };
  assert.equal(counts.total, counts.satellites + counts.stations + counts.contacts + counts.captures);

  const sat = sats[sats.length - 1];
  const s = sat.position.cartographicDegrees;
  const k = Math.floor(s.length / 8) * 4; // a sample in the middle of the track
  const sample = { t: isoAt(seconds(sat.position.epoch) + s[k]), lon: s[k + 1], lat: s[k + 2], h: s[k + 3] };

  // Two hours in, the trails on the screenshot are long.
  const passes = ground.flatMap((c) => intervalsOf(c.availability).map(([a, b]) => ({ c, a, b })));
  passes.sort((x, y) => x.a - y.a || x.c.id.localeCompare(y.c.id));
  const pass = passes.find((p) => p.a >= seconds(start) + 7200) ?? passes[0];
  // One second after the pass it is hidden, unless its next pass starts right away.
  const next = intervalsOf(pass.c.availability).find(([a]) => a > pass.b);
  const hiddenAt = next && next[0] <= pass.b + 1 ? seconds(stop) + 3600 : pass.b + 1;

  const capture = captures[Math.floor(captures.length / 2)];
  const captureTime = seconds(capture.availability.split("/")[0]);
  return {
    counts,
    clock: { start, stop, current: doc.clock.currentTime, multiplier: doc.clock.multiplier },
    sat: {
      id: sat.id,
      availability: intervalsOf(sat.availability)[0].map(isoAt),
      sample,
    },
    contact: {
      id: pass.c.id,
      ends: pass.c.polyline.positions.references.map((r) => r.split("#")[0]),
      shownAt: isoAt((pass.a + pass.b) / 2),
      hiddenAt: isoAt(hiddenAt),
    },
    capture: {
      id: capture.id,
      before: isoAt(captureTime - 1),
      after: isoAt(captureTime + 1),
      lon: capture.position.cartographicDegrees[0],
      lat: capture.position.cartographicDegrees[1],
    },
    screenshotAt: isoAt((pass.a + pass.b) / 2),
  };
}

// --- what Cesium made of it (runs in the page) ------------------------------------------------

function inspect(x) {
  const { viewer, dataSource, counts } = window.lagrange;
  const J = Cesium.JulianDate;
  const iso = (t) => J.toIso8601(t, 3);
  const at = (text) => J.fromIso8601(text);
  const deg = (cartesian) => {
    const c = Cesium.Cartographic.fromCartesian(cartesian);
    return { lon: Cesium.Math.toDegrees(c.longitude), lat: Cesium.Math.toDegrees(c.latitude), h: c.height };
  };
  const entities = dataSource.entities;
  const sat = entities.getById(x.sat.id);
  const inside = at(x.sat.sample.t);
  const before = J.addSeconds(at(x.sat.availability[0]), -600, new J());
  const after = J.addSeconds(at(x.sat.availability[1]), 600, new J());
  const contact = entities.getById(x.contact.id);
  const shown = at(x.contact.shownAt);
  const hidden = at(x.contact.hiddenAt);
  const ends = contact.polyline.positions.getValue(shown) ?? [];
  const endsExpected = x.contact.ends.map((id) => entities.getById(id)?.position.getValue(shown));
  const capture = entities.getById(x.capture.id);
  const layer = viewer.imageryLayers.get(0);
  return {
    entityCount: entities.values.length,
    panelCounts: counts,
    panelText: document.getElementById("panel").textContent,
    clock: {
      start: iso(viewer.clock.startTime),
      stop: iso(viewer.clock.stopTime),
      current: iso(dataSource.clock.currentTime), // the viewer's has moved on: it plays
      multiplier: viewer.clock.multiplier,
      range: viewer.clock.clockRange === Cesium.ClockRange.LOOP_STOP ? "LOOP_STOP" : viewer.clock.clockRange,
    },
    sat: {
      availableInside: sat.isAvailable(inside),
      positionInside: deg(sat.position.getValue(inside)),
      availableBefore: sat.isAvailable(before),
      availableAfter: sat.isAvailable(after),
      positionBefore: sat.position.getValue(before) ?? null,
      positionAfter: sat.position.getValue(after) ?? null,
      hasPoint: sat.point !== undefined,
      hasPath: sat.path !== undefined,
    },
    contact: {
      availableShown: contact.isAvailable(shown),
      showShown: contact.polyline.show.getValue(shown),
      availableHidden: contact.isAvailable(hidden),
      ends: ends.length,
      endsMatch: ends.length === 2 && endsExpected.every((p, i) => p && Cesium.Cartesian3.distance(p, ends[i]) < 1),
    },
    capture: {
      availableBefore: capture.isAvailable(at(x.capture.before)),
      availableAfter: capture.isAvailable(at(x.capture.after)),
      position: deg(capture.position.getValue(at(x.capture.after))),
    },
    imagery: {
      layers: viewer.imageryLayers.length,
      ready: layer?.ready ?? false,
      tms: layer?.imageryProvider instanceof Cesium.TileMapServiceImageryProvider,
    },
    webgl2: viewer.scene.context.webgl2,
  };
}

// Shows the given moment from above the middle of the given entities (a contact's two ends)
// and resolves once the globe's tiles are in and a few frames are drawn.
function showMoment({ iso, ids }) {
  const { viewer, dataSource } = window.lagrange;
  const time = Cesium.JulianDate.fromIso8601(iso);
  viewer.scene.msaaSamples = 1; // each multisampled frame costs seconds on the CPU renderer
  viewer.clock.shouldAnimate = false;
  viewer.clock.currentTime = time;
  const ends = ids.map((id) => dataSource.entities.getById(id).position.getValue(time));
  const middle = Cesium.Cartesian3.midpoint(ends[0], ends[1], new Cesium.Cartesian3());
  const below = Cesium.Cartographic.fromCartesian(middle);
  viewer.camera.setView({
    destination: Cesium.Cartesian3.fromRadians(below.longitude, below.latitude, 9.0e6),
  });
  const began = performance.now();
  return new Promise((resolve) => {
    let frames = 0;
    const remove = viewer.scene.postRender.addEventListener((scene) => {
      ++frames;
      if (scene.globe.tilesLoaded && frames >= 5) {
        remove();
        resolve({
          current: Cesium.JulianDate.toIso8601(viewer.clock.currentTime, 3),
          frames,
          ms: Math.round(performance.now() - began),
        });
      }
    });
  });
}

// --- plumbing -------------------------------------------------------------------------------

function startServer(dir) {
  const child = spawn(process.execPath, [join(viewerDir, "serve.js"), dir, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolvePromise, reject) => {
    let out = "";
    const failed = (why) => reject(new Error(`serve.js ${why}:\n${out}`));
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolvePromise({ child, url: m[1] });
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => failed(`exited with ${code}`));
    setTimeout(() => failed("did not start in 20 s"), 20_000).unref();
  });
}

async function loadPlaywright() {
  try {
    return (await import("playwright-core")).chromium;
  } catch (error) {
    throw new Error(`playwright-core is not installed (${error.message}): run npm ci --prefix ${viewerDir}`);
  }
}

function near(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (±${tolerance})`);
}

async function main() {
  const workDir = resolve(process.argv[2] ?? "cesium-play");
  if (!existsSync(CHROMIUM)) {
    console.log(`SKIP: ${CHROMIUM} is not installed (scripts/install-deps.sh installs chromium)`);
    return SKIP;
  }
  const chromium = await loadPlaywright();
  rmSync(workDir, { recursive: true, force: true });
  const outDir = join(workDir, "out");
  mkdirSync(outDir, { recursive: true });
  const packets = runLagrange(outDir);
  const x = expectations(packets);
  log(`lagrange run wrote ${packets.length} packets: ${JSON.stringify(x.counts)}`);

  const server = await startServer(outDir);
  serverProcess = server.child;
  const problems = [];
  try {
    await play(chromium, server.url, x, workDir, problems);
  } catch (error) {
    if (problems.length > 0) console.error(`In the page:\n  ${problems.join("\n  ")}`);
    throw error;
  } finally {
    server.child.kill();
  }
  console.log("CesiumPlaysTheCzml: 1 passed, 0 failed");
  return 0;
}

async function play(chromium, url, x, workDir, problems) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
      // WebGL without a GPU: ANGLE on SwiftShader, Chromium's CPU renderer.
      "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    ],
  });
  let tileRequests = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Generous: SwiftShader renders on the CPU, which ctest shares with other tests.
    page.setDefaultTimeout(240_000);
    page.setDefaultNavigationTimeout(240_000);
    page.on("pageerror", (e) => problems.push(`page error: ${e.stack ?? e}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") {
        if (url.pathname.includes("/Assets/Textures/NaturalEarthII/")) tileRequests += 1;
        return route.continue();
      }
      problems.push(`request off this machine: ${url.href}`);
      return route.abort();
    });

    await page.goto(`${url}?czml=scenario.czml`);
    await page.waitForFunction(() => document.body.dataset.state);
    const state = await page.evaluate(() => document.body.dataset.state);
    assert.equal(state, "loaded", await page.evaluate(() => window.lagrange.error));
    log("Cesium loaded the CZML");

    const got = await page.evaluate(inspect, x);
    assert.equal(got.entityCount, x.counts.total, "entities in the data source");
    assert.deepEqual(got.panelCounts, x.counts, "entities by kind");
    for (const n of [x.counts.satellites, x.counts.stations, x.counts.contacts, x.counts.captures]) {
      assert.ok(got.panelText.includes(String(n)), `panel shows ${n}: ${got.panelText}`);
    }
    assert.deepEqual(got.clock, { ...x.clock, range: "LOOP_STOP" }, "the clock");
    assert.ok(got.sat.hasPoint && got.sat.hasPath, "satellite has a point and a path");
    assert.ok(got.sat.availableInside, "satellite available inside the window");
    near(got.sat.positionInside.lon, x.sat.sample.lon, 1e-6, "sample longitude (deg)");
    near(got.sat.positionInside.lat, x.sat.sample.lat, 1e-6, "sample latitude (deg)");
    near(got.sat.positionInside.h, x.sat.sample.h, 0.01, "sample height (m)");
    assert.ok(!got.sat.availableBefore && !got.sat.availableAfter, "satellite outside its availability");
    assert.equal(got.sat.positionBefore, null, "no position before the samples");
    assert.equal(got.sat.positionAfter, null, "no position after the samples");
    assert.ok(got.contact.availableShown && got.contact.showShown, `${x.contact.id} shown during a pass`);
    assert.ok(got.contact.endsMatch, `${x.contact.id} joins ${x.contact.ends} (${got.contact.ends} ends)`);
    assert.ok(!got.contact.availableHidden, `${x.contact.id} hidden after the pass`);
    assert.ok(!got.capture.availableBefore && got.capture.availableAfter, "capture appears when taken");
    near(got.capture.position.lon, x.capture.lon, 1e-6, "capture longitude (deg)");
    near(got.capture.position.lat, x.capture.lat, 1e-6, "capture latitude (deg)");
    assert.deepEqual(got.imagery, { layers: 1, ready: true, tms: true }, "Natural Earth II imagery");

    const shown = await page.evaluate(showMoment, { iso: x.screenshotAt, ids: x.contact.ends });
    assert.equal(shown.current, x.screenshotAt, "the clock moved");
    assert.ok(tileRequests > 0, "no Natural Earth II tile was requested");
    const png = join(workDir, "scenario.png");
    await page.screenshot({ path: png });
    const bytes = readFileSync(png);
    assert.ok(bytes.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex")), "PNG signature");
    assert.ok(statSync(png).size > 30_000, `screenshot only ${statSync(png).size} bytes`);
    assert.deepEqual(problems, [], "errors in the page");
    log(`screenshot at ${x.screenshotAt} (${x.contact.id} shown): ${png}, ${bytes.length} bytes; ` +
      `WebGL${got.webgl2 ? "2" : "1"}, ${tileRequests} imagery tiles, ${shown.frames} frames in ${shown.ms} ms`);
  } finally {
    await browser.close();
  }
}

const watchdog = setTimeout(() => {
  console.error("FAIL: no result after 500 s");
  process.exit(1);
}, 500_000);
main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  (error) => {
    clearTimeout(watchdog);
    console.error(`FAIL: ${error.stack ?? error}`);
    process.exitCode = 1;
  },
);
