#!/usr/bin/env node
// DashboardEndToEnd: the dashboard (web/dist) in headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core) against a real `lagrange serve --clock virtual` on 127.0.0.1 with
// a temporary data directory:
//   LAGRANGE_BIN=build/bin/lagrange node web/test/e2e.mjs <work-dir>
// A tenant signs in, draws a polygon on the globe and submits it; the clock is advanced until
// the job is delivered, which the jobs table and the globe show; its timeline opens; a click on
// a satellite opens its panel; the admin sees the tenant's usage; a finished run's directory
// opens offline. Any page error, console error, failed or off-machine request fails the test.
// Screenshots of each view are left in <work-dir>/*.png. Exit 0 pass, 1 fail, 77 skip.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SKIP = 77;
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const started = Date.now();
let server;
process.on("exit", () => server?.kill());
const log = (m) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${m}`);

function startServe(bin, dataDir) {
  const args = ["serve", "--data", dataDir, "--clock", "virtual", "--listen", "127.0.0.1:0", "--web", join(webDir, "dist")];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) ok({ child, url: m[1] });
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => fail(new Error(`lagrange serve exited with ${code}:\n${out}`)));
    setTimeout(() => fail(new Error(`lagrange serve did not start in 60 s:\n${out}`)), 60_000).unref();
  });
}

async function call(url, key, path, body) {
  const res = await fetch(url + path, {
    method: body ? "POST" : "GET",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  assert.ok(res.ok, `${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  const work = resolve(process.argv[2] ?? "dashboard-e2e");
  if (!existsSync(CHROMIUM)) {
    console.log(`SKIP: ${CHROMIUM} is not installed (scripts/install-deps.sh installs chromium)`);
    return SKIP;
  }
  const bin = process.env.LAGRANGE_BIN;
  assert.ok(bin && existsSync(bin), `LAGRANGE_BIN must name the built lagrange binary (${bin})`);
  assert.ok(existsSync(join(webDir, "dist", "index.html")), "web/dist is not built (make builds it)");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), "lagrange-dash-"));
  try {
    const s = await startServe(bin, data);
    server = s.child;
    const admin = readFileSync(join(data, "admin.key"), "utf8").trim();
    const tenant = (await call(s.url, admin, "/v1/tenants", { name: "acme", quotas: { ops_per_day: 1e18 } })).api_key;
    log(`lagrange serve at ${s.url}`);
    const { chromium } = await import("playwright-core");
    await drive(chromium, s.url, admin, tenant, work, bin);
  } finally {
    server?.kill();
    rmSync(data, { recursive: true, force: true });
  }
  console.log("DashboardEndToEnd: 1 passed, 0 failed");
  return 0;
}

async function drive(chromium, url, admin, tenant, work, bin) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    ],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(120_000);
    page.on("pageerror", (e) => problems.push(`page error: ${e.stack ?? e}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
    // Requests cut short by the page itself (the event stream, a reload) are not failures.
    page.on("requestfailed", (r) => r.failure()?.errorText !== "net::ERR_ABORTED" && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    await page.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (["data:", "blob:"].includes(u.protocol) || u.hostname === "127.0.0.1") return route.continue();
      problems.push(`request off this machine: ${u.href}`);
      return route.abort();
    });
    const shot = async (name) => {
      await page.evaluate(() => window.lagrange.globe.viewer.scene.requestRender());
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(work, `${name}.png`) });
      log(`screenshot ${name}.png`);
    };

    await page.goto(url + "/");
    await page.waitForFunction(() => document.body.dataset.state);
    // Sign in as the tenant, by keyboard.
    await page.locator("#key-view-tenant").fill(tenant);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => window.lagrange.ready === true);
    await page.waitForSelector("#jobs");
    log("signed in");

    // Draw a polygon of four clicks around the middle of the globe and submit it.
    await page.click("#draw");
    const box = await page.locator("#globe canvas").first().boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    for (const [dx, dy] of [[-6, -6], [6, -6], [6, 6], [-6, 6]]) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(150);
    }
    const target = await page.locator("#eo-target").inputValue();
    assert.equal(target.split(";").length, 4, `four vertices drawn: ${target}`);
    await shot("tenant-draw");
    await page.click("#form-eo button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#submit-result").textContent);
    const submitted = (await page.locator("#submit-result").textContent()).match(/Submitted (job-\d+)/);
    assert.ok(submitted, await page.locator("#submit-result").textContent());
    const id = submitted[1];
    log(`submitted ${id}, polygon ${target}`);

    // Advance the virtual clock in steps until the service has delivered it.
    const clock = await call(url, admin, "/v1/admin/clock");
    let now = Date.parse(clock.now);
    const end = Date.parse(clock.window.end);
    let job;
    do {
      now = Math.min(now + 2 * 3600_000, end);
      await call(url, admin, "/v1/admin/clock", { advance_to: new Date(now).toISOString() });
      job = await call(url, tenant, `/v1/jobs/${id}`);
    } while (!["delivered", "dropped"].includes(job.status) && now < end);
    assert.equal(job.status, "delivered", `${id} ended ${job.status} (${job.drop_reason})`);
    log(`${id} delivered at ${job.delivered_at} to ${job.delivered_to}`);
    await page.waitForSelector(`#jobs tr[data-id='${id}'] td.status-delivered`);
    await page.waitForFunction((j) => new RegExp(`${j} delivered`).test(window.lagrange.targets?.[j] ?? ""), id);
    await shot("tenant-delivered");

    // Its timeline, opened by keyboard from the table.
    await page.focus(`#jobs tr[data-id='${id}']`);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#timeline:not([hidden])");
    const steps = await page.locator("#timeline-steps tbody tr").count();
    assert.equal(steps, job.timeline.length, "timeline rows");
    await page.locator("#timeline").scrollIntoViewIfNeeded();
    await shot("tenant-timeline");

    // A click on a satellite opens its panel.
    const at = await page.evaluate(() => {
      const { viewer } = window.lagrange.globe;
      const C = window.Cesium;
      for (const e of viewer.entities.values) {
        if (!e.id.startsWith("sat:")) continue;
        const p = e.position.getValue(viewer.clock.currentTime);
        const w = p && C.SceneTransforms.worldToWindowCoordinates(viewer.scene, p);
        const visible = p && new C.EllipsoidalOccluder(C.Ellipsoid.WGS84, viewer.camera.positionWC).isPointVisible(p);
        if (w && visible && w.x > 20 && w.y > 20 && w.x < viewer.canvas.clientWidth - 20 && w.y < viewer.canvas.clientHeight - 20)
          return { name: e.id.slice(4), x: w.x, y: w.y };
      }
      return null;
    });
    assert.ok(at, "a satellite in view");
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector("#sat-panel:not([hidden])");
    assert.match(await page.locator("#sat-panel").textContent(), /Battery/);
    await page.evaluate(() => document.querySelector("#side").scrollTo(0, 0));
    await shot("satellite-panel");
    log(`satellite panel of ${at.name}`);

    // The admin sees the tenant's usage.
    await Promise.all([page.waitForEvent("load"), page.click("#signout")]); // signing out reloads
    await page.waitForFunction(() => document.body?.dataset.state === "ready");
    await page.click("nav button[data-view=operator]");
    await page.locator("#key-view-operator").fill(admin);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#tenants tr[data-tenant='acme']");
    const row = await page.locator("#tenants tr[data-tenant='acme']").textContent();
    assert.match(row, /service/);
    assert.match(row, /1 \(1\/0\/0\)/, `acme's jobs: ${row}`);
    await page.waitForFunction(() => document.querySelector("#chart-battery")?.width > 0);
    await shot("operator");

    // The operator reboots a satellite from the form (at the service's now, 900 s); once the
    // clock has moved past the fault's start the constellation reports it down.
    const victim = (await call(url, admin, "/v1/constellation")).satellites[0];
    await page.selectOption("#f-kind", "satellite_reboot");
    await page.locator("#f-sat").fill(String(victim.norad_id));
    await page.click("#fault button[type=submit]");
    await page.waitForFunction(() => document.querySelector("#fault-result")?.textContent === "injected");
    const before = await call(url, admin, "/v1/admin/clock");
    await call(url, admin, "/v1/admin/clock", {
      advance_to: new Date(Date.parse(before.now) + 60_000).toISOString(),
    });
    const rebooting = (await call(url, admin, "/v1/constellation")).satellites[0];
    assert.equal(rebooting.down, true, `${victim.name} after the injected reboot: ${JSON.stringify(rebooting)}`);
    log(`fault injected from the form: ${victim.name} is down`);
    await page.click("nav button[data-view=tenant]");
    await page.click("nav button[data-view=operator]");
    await page.waitForSelector("#faults tr[data-kind=satellite_reboot]");
    const listed = await page.locator("#faults tr[data-kind=satellite_reboot]").first().textContent();
    assert.match(listed, new RegExp(victim.name), `the faults table: ${listed}`);
    await page.locator("#faults").scrollIntoViewIfNeeded();
    await shot("operator-fault");

    // Offline: a finished run's directory, read in the browser.
    const out = join(work, "run");
    const r = spawnSync(bin, ["run", "three-body", "--output", out, "--no-progress"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const packets = JSON.parse(readFileSync(join(out, "scenario.czml"), "utf8"));
    const sats = packets.filter((p) => p.id.startsWith("sat-")).length;
    await page.click("nav button[data-view=offline]");
    await page.setInputFiles("#run-dir", out);
    await page.waitForFunction(() => document.body.dataset.offline);
    const offline = await page.evaluate(() => window.lagrange.offline);
    assert.ok(offline, await page.locator("#offline-error").textContent());
    assert.equal(offline.counts.satellites, sats, "satellites in the CZML");
    assert.ok(offline.jobs > 0, "jobs.csv rows");
    await page.evaluate(() => window.lagrange.globe.viewer.zoomTo(window.lagrange.globe.viewer.dataSources.get(0)));
    await shot("offline");
    assert.deepEqual(problems, [], "errors in the page");
  } catch (e) {
    if (problems.length) console.error(`In the page:\n  ${problems.join("\n  ")}`);
    throw e;
  } finally {
    await browser.close();
  }
}

const watchdog = setTimeout(() => {
  console.error("FAIL: no result after 420 s");
  process.exit(1);
}, 420_000);
main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  (e) => {
    clearTimeout(watchdog);
    console.error(`FAIL: ${e.stack ?? e}`);
    process.exitCode = 1;
  },
);
