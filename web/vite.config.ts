// Builds the dashboard into dist/ and copies CesiumJS's own build (Cesium.js, its workers,
// assets with the Natural Earth II imagery, widgets CSS) next to it, so the page loads
// Cesium as a script and never bundles or fetches it.
import { cpSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig } from "vite";

const cesium = resolve(import.meta.dirname, "node_modules/cesium/Build/Cesium");

export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  plugins: [
    {
      name: "copy-cesium",
      closeBundle() {
        cpSync(cesium, resolve(import.meta.dirname, "dist/cesium"), { recursive: true });
      },
    },
  ],
  test: { include: ["test/**/*.test.ts"], environment: "node" },
});
