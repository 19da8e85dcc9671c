#!/usr/bin/env node
// ServeJsPortTakenIsOneLine (regression): viewer/serve.js on a port that is already taken
// used to die with a Node stack trace. It must print one line naming the port and how to
// choose another, and exit 1. Exit 0 pass, 1 fail, 77 skip (CesiumJS not installed).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const viewerDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(viewerDir, "node_modules", "cesium", "Build", "Cesium", "Cesium.js"))) {
  console.log("skip: CesiumJS is not installed (npm ci --prefix viewer)");
  process.exit(77);
}

const blocker = createServer();
await new Promise((done) => blocker.listen(0, "127.0.0.1", done));
const port = blocker.address().port;
const results = mkdtempSync(join(tmpdir(), "serve-port-"));
try {
  const r = spawnSync(process.execPath, [join(viewerDir, "serve.js"), results, "--port", String(port)], {
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(r.status, 1, `exit code ${r.status}, stderr:\n${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
  assert.match(lines[0], new RegExp(`port ${port} .*already in use.*--port`));
  console.log(`ok: ${lines[0]}`);
} finally {
  blocker.close();
  rmSync(results, { recursive: true, force: true });
}
