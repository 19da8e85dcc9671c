// Offline CesiumJS viewer for `lagrange run`'s scenario.czml (docs/outputs.md).
// Opens the CZML named by ?czml=<path> (default scenario.czml, relative to this page), zooms to
// it and lists its entities by kind. Nothing goes online: the globe's imagery is Natural Earth II
// shipped inside CesiumJS, there is no terrain, geocoder or Cesium ion token.
// For the test (viewer/test/play_czml.mjs): window.lagrange = { viewer, dataSource, counts,
// error }, and document.body.dataset.state becomes "loaded" or "failed".
"use strict";

Cesium.Ion.defaultAccessToken = "";

// Entity ids written by src/report/czml.cpp: sat-<i>, station-<j>, contact-<a>-<b>, capture-<k>.
const KINDS = [
  ["satellites", "sat-"],
  ["stations", "station-"],
  ["contacts", "contact-"],
  ["captures", "capture-"],
];

function countByKind(entities) {
  const counts = { total: entities.length, other: 0 };
  for (const [kind] of KINDS) counts[kind] = 0;
  for (const entity of entities) {
    const kind = KINDS.find(([, prefix]) => entity.id.startsWith(prefix));
    counts[kind ? kind[0] : "other"] += 1;
  }
  return counts;
}

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function showCounts(panel, name, counts) {
  const rows = [...KINDS.map(([kind]) => kind), "other"]
    .filter((kind) => kind !== "other" || counts.other > 0)
    .map((kind) => `<tr><td>${kind}</td><td>${counts[kind]}</td></tr>`)
    .join("");
  panel.innerHTML = `<b>${escapeHtml(name)}</b><table>${rows}</table>`;
}

function createViewer() {
  const naturalEarth = Cesium.TileMapServiceImageryProvider.fromUrl(
    Cesium.buildModuleUrl("Assets/Textures/NaturalEarthII"),
  );
  return new Cesium.Viewer("cesiumContainer", {
    baseLayer: Cesium.ImageryLayer.fromProviderAsync(naturalEarth),
    terrainProvider: new Cesium.EllipsoidTerrainProvider(),
    baseLayerPicker: false,
    geocoder: false,
    navigationInstructionsInitiallyVisible: false,
    shouldAnimate: true,
  });
}

async function main() {
  const panel = document.getElementById("panel");
  const state = (window.lagrange = { viewer: undefined, dataSource: undefined, counts: undefined });
  const czmlUrl = new URLSearchParams(window.location.search).get("czml") ?? "scenario.czml";
  try {
    state.viewer = createViewer();
    state.dataSource = await state.viewer.dataSources.add(Cesium.CzmlDataSource.load(czmlUrl));
    state.counts = countByKind(state.dataSource.entities.values);
    showCounts(panel, state.dataSource.name ?? czmlUrl, state.counts);
    await state.viewer.zoomTo(state.dataSource);
    document.body.dataset.state = "loaded";
  } catch (error) {
    state.error = String(error?.stack ?? error);
    panel.innerHTML = `<div class="error">Could not show ${escapeHtml(czmlUrl)}:\n${escapeHtml(
      String(error),
    )}</div>`;
    document.body.dataset.state = "failed";
    console.error(`Lagrange viewer: ${czmlUrl}: ${error}`);
  }
}

main();
