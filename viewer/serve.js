#!/usr/bin/env node
// A tiny static server for the offline CZML viewer, on the loopback address only:
//   node viewer/serve.js <results-dir> [--port N]     (N = 0 picks a free port)
// then open http://127.0.0.1:N/?czml=scenario.czml.
//   /            viewer/index.html        /viewer.js  viewer/viewer.js
//   /cesium/...  CesiumJS's built files (viewer/node_modules/cesium/Build/Cesium)
//   anything else: a file of <results-dir>, e.g. /scenario.czml
// Only Node's standard library: nothing else to install.
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const viewerDir = dirname(fileURLToPath(import.meta.url));
const cesiumDir = join(viewerDir, "node_modules", "cesium", "Build", "Cesium");

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".czml": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

function usage(message) {
  console.error(`serve.js: ${message}\nusage: node viewer/serve.js <results-dir> [--port N]`);
  process.exit(2);
}

function parseArgs(argv) {
  let results;
  let port = Number(process.env.PORT ?? 8080);
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === "--port") port = Number(argv[++i]);
    else if (argv[i].startsWith("-")) usage(`unknown option ${argv[i]}`);
    else if (results === undefined) results = argv[i];
    else usage(`unexpected argument ${argv[i]}`);
  }
  if (results === undefined) usage("missing the results directory (where scenario.czml is)");
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage("--port needs 0..65535");
  const dir = resolve(results);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) usage(`${dir} is not a directory`);
  return { resultsDir: dir, port };
}

// The file a URL path names inside `root`, or undefined when it would leave the root.
function inside(root, urlPath) {
  const file = resolve(root, "." + urlPath);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

function fileFor(urlPath, resultsDir) {
  if (urlPath === "/" || urlPath === "/index.html") return join(viewerDir, "index.html");
  if (urlPath === "/viewer.js") return join(viewerDir, "viewer.js");
  if (urlPath.startsWith("/cesium/")) return inside(cesiumDir, urlPath.slice("/cesium".length));
  return inside(resultsDir, urlPath);
}

const { resultsDir, port } = parseArgs(process.argv.slice(2));
if (!statSync(join(cesiumDir, "Cesium.js"), { throwIfNoEntry: false })) {
  console.error(`serve.js: CesiumJS is not installed: run npm ci --prefix ${viewerDir}`);
  process.exit(1);
}
const server = createServer((req, res) => {
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    res.writeHead(400).end("bad request\n");
    return;
  }
  const file = fileFor(urlPath, resultsDir);
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405).end();
  } else if (!file || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end(`not found: ${urlPath}\n`);
  } else {
    const type = types[extname(file).toLowerCase()] ?? "application/octet-stream";
    res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-cache" });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  }
});
// A port in use or not ours to take is the user's to fix: one line and exit 1, no stack trace.
server.on("error", (err) => {
  const why =
    err.code === "EADDRINUSE"
      ? `port ${port} on 127.0.0.1 is already in use; choose another with --port N (0 picks a free one)`
      : err.code === "EACCES"
        ? `not allowed to listen on port ${port}; choose one above 1023 with --port N`
        : `cannot listen on 127.0.0.1:${port}: ${err.message}`;
  console.error(`serve.js: ${why}`);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  const url = `http://127.0.0.1:${server.address().port}/`;
  console.log(`Serving ${resultsDir} at ${url}  (open ${url}?czml=scenario.czml)`);
});
