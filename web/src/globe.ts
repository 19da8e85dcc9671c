// The CesiumJS globe: offline Natural Earth II imagery shipped with CesiumJS, satellites on
// the twin's tracks coloured by state, laser links and passes up now, stations, job targets
// and captures; point/polygon drawing for EO tasks. Cesium is the global of cesium/Cesium.js.
import type * as CesiumType from "cesium";
import { satState, type SatState } from "./model";

declare global {
  interface Window {
    Cesium: typeof CesiumType;
    lagrange: Record<string, unknown>;
  }
}
const C = () => window.Cesium;

export const STATE_COLOURS: Record<SatState, string> = {
  idle: "#4fc3f7",
  busy: "#ffb300",
  low: "#ef5350",
  down: "#9e9e9e",
};

export class Globe {
  viewer: CesiumType.Viewer;
  private sats = new Map<string, CesiumType.Entity>();
  private links: CesiumType.Entity[] = [];
  private targets = new Map<string, CesiumType.Entity>();
  private drawing: { points: [number, number][]; done: (p: [number, number][]) => void } | null =
    null;
  private draft: CesiumType.Entity | null = null;
  onPick: (name: string) => void = () => {};
  onDraw: (points: [number, number][]) => void = () => {};

  constructor(container: HTMLElement) {
    const Cesium = C();
    Cesium.Ion.defaultAccessToken = "";
    const naturalEarth = Cesium.TileMapServiceImageryProvider.fromUrl(
      Cesium.buildModuleUrl("Assets/Textures/NaturalEarthII"),
    );
    this.viewer = new Cesium.Viewer(container, {
      baseLayer: Cesium.ImageryLayer.fromProviderAsync(naturalEarth, {}),
      terrainProvider: new Cesium.EllipsoidTerrainProvider(),
      baseLayerPicker: false,
      geocoder: false,
      homeButton: false,
      animation: false, // the clock follows the service, not a play button
      sceneModePicker: false,
      navigationHelpButton: false,
      fullscreenButton: false,
      infoBox: false,
      selectionIndicator: false,
      navigationInstructionsInitiallyVisible: false,
      shouldAnimate: false,
      // Draw only when something changed (the clock ticks every 1.5 s): a CPU renderer
      // (SwiftShader, no GPU) would otherwise spend every core drawing the same frame.
      requestRenderMode: true,
      maximumRenderTimeChange: Number.POSITIVE_INFINITY,
    });
    this.viewer.scene.msaaSamples = 1; // each multisampled frame costs much on a CPU renderer
    this.viewer.camera.setView({ destination: Cesium.Cartesian3.fromDegrees(105, 28, 1.6e7) });
    const handler = new Cesium.ScreenSpaceEventHandler(this.viewer.scene.canvas);
    handler.setInputAction((e: { position: CesiumType.Cartesian2 }) => this.click(e.position),
      Cesium.ScreenSpaceEventType.LEFT_CLICK);
  }

  private click(position: CesiumType.Cartesian2) {
    const Cesium = C();
    if (this.drawing) {
      const c = this.viewer.camera.pickEllipsoid(position);
      if (!c) return;
      const g = Cesium.Cartographic.fromCartesian(c);
      this.drawing.points.push([Cesium.Math.toDegrees(g.latitude), Cesium.Math.toDegrees(g.longitude)]);
      this.showDraft(this.drawing.points);
      this.onDraw([...this.drawing.points]);
      return;
    }
    const picked = this.viewer.scene.pick(position);
    const id = picked?.id as CesiumType.Entity | undefined;
    if (id && typeof id.id === "string" && id.id.startsWith("sat:")) this.onPick(id.id.slice(4));
  }

  startDrawing() {
    this.drawing = { points: [], done: () => {} };
    this.showDraft([]);
  }
  stopDrawing() {
    this.drawing = null;
  }
  get isDrawing() {
    return this.drawing !== null;
  }

  showDraft(points: [number, number][]) {
    const Cesium = C();
    if (this.draft) this.viewer.entities.remove(this.draft);
    this.draft = null;
    if (points.length === 0) return;
    const positions = points.map(([lat, lon]) => Cesium.Cartesian3.fromDegrees(lon, lat));
    this.draft = this.viewer.entities.add(
      points.length >= 3
        ? {
            polygon: {
              hierarchy: new Cesium.PolygonHierarchy(positions),
              material: Cesium.Color.YELLOW.withAlpha(0.35),
              outline: true,
              outlineColor: Cesium.Color.YELLOW,
            },
          }
        : { position: positions[0], point: { pixelSize: 10, color: Cesium.Color.YELLOW } },
    );
    this.viewer.scene.requestRender();
  }

  setClock(iso: string, start?: string, end?: string) {
    const Cesium = C();
    const clock = this.viewer.clock;
    if (start && end) {
      clock.startTime = Cesium.JulianDate.fromIso8601(start);
      clock.stopTime = Cesium.JulianDate.fromIso8601(end);
      this.viewer.timeline?.zoomTo(clock.startTime, clock.stopTime);
    }
    clock.currentTime = Cesium.JulianDate.fromIso8601(iso);
    this.viewer.scene.requestRender();
  }

  // Tracks from GET /v1/tracks: positions [t, lon, lat, h, ...] from epoch.
  setTracks(tracks: { epoch: string; satellites: { name: string; positions: number[] }[] }) {
    const Cesium = C();
    const epoch = Cesium.JulianDate.fromIso8601(tracks.epoch);
    for (const s of tracks.satellites) {
      const position = new Cesium.SampledPositionProperty();
      for (let i = 0; i + 3 < s.positions.length; i += 4) {
        const [t, lon, lat, h] = s.positions.slice(i, i + 4);
        position.addSample(
          Cesium.JulianDate.addSeconds(epoch, t, new Cesium.JulianDate()),
          Cesium.Cartesian3.fromDegrees(lon, lat, h),
        );
      }
      position.setInterpolationOptions({
        interpolationDegree: 5,
        interpolationAlgorithm: Cesium.LagrangePolynomialApproximation,
      });
      const entity = this.viewer.entities.add({
        id: `sat:${s.name}`,
        name: s.name,
        position,
        point: { pixelSize: 9, color: Cesium.Color.fromCssColorString(STATE_COLOURS.idle), outlineColor: Cesium.Color.BLACK, outlineWidth: 1 },
        label: {
          text: s.name,
          font: "12px sans-serif",
          pixelOffset: new Cesium.Cartesian2(0, -14),
          fillColor: Cesium.Color.WHITE,
          showBackground: true,
          backgroundColor: Cesium.Color.BLACK.withAlpha(0.5),
          scale: 0.9,
        },
        path: { leadTime: 0, trailTime: 1800, width: 1, material: Cesium.Color.WHITE.withAlpha(0.4) },
      });
      this.sats.set(s.name, entity);
    }
  }

  setStations(stations: { name: string; latitude_deg: number; longitude_deg: number }[]) {
    const Cesium = C();
    for (const s of stations) {
      this.viewer.entities.add({
        id: `station:${s.name}`,
        position: Cesium.Cartesian3.fromDegrees(s.longitude_deg, s.latitude_deg),
        billboard: undefined,
        point: { pixelSize: 8, color: Cesium.Color.LIME, outlineColor: Cesium.Color.BLACK, outlineWidth: 1 },
        label: {
          text: s.name,
          font: "11px sans-serif",
          pixelOffset: new Cesium.Cartesian2(0, 12),
          fillColor: Cesium.Color.LIME,
          showBackground: true,
          backgroundColor: Cesium.Color.BLACK.withAlpha(0.5),
        },
      });
    }
  }

  setStates(satellites: { name: string; battery?: number; busy?: boolean; shed?: boolean; down?: boolean }[]) {
    const Cesium = C();
    for (const s of satellites) {
      const e = this.sats.get(s.name);
      if (e?.point) e.point.color = new Cesium.ConstantProperty(Cesium.Color.fromCssColorString(STATE_COLOURS[satState(s)]));
    }
  }

  // Lines of the laser links (red) and ground passes (green) up now.
  setLinks(links: { lasers: { a: string; b: string }[]; passes: { satellite: string; station: string }[] }) {
    const Cesium = C();
    for (const l of this.links) this.viewer.entities.remove(l);
    this.links = [];
    const line = (a: string, b: string, colour: CesiumType.Color) => {
      const ea = this.viewer.entities.getById(a);
      const eb = this.viewer.entities.getById(b);
      if (!ea?.position || !eb?.position) return;
      this.links.push(
        this.viewer.entities.add({
          polyline: {
            positions: new Cesium.PositionPropertyArray([
              new Cesium.ReferenceProperty(this.viewer.entities, a, ["position"]),
              new Cesium.ReferenceProperty(this.viewer.entities, b, ["position"]),
            ]),
            width: 2,
            material: colour,
            arcType: Cesium.ArcType.NONE,
          },
        }),
      );
    };
    for (const l of links.lasers) line(`sat:${l.a}`, `sat:${l.b}`, Cesium.Color.RED.withAlpha(0.8));
    for (const p of links.passes) line(`sat:${p.satellite}`, `station:${p.station}`, Cesium.Color.LIME.withAlpha(0.8));
  }

  // A job's target, coloured by status; a capture marker once it has been captured.
  setTarget(id: string, points: [number, number][], status: string, captured: boolean) {
    const Cesium = C();
    const old = this.targets.get(id);
    if (old) this.viewer.entities.remove(old);
    const colour =
      status === "delivered" ? Cesium.Color.LIME : status === "dropped" ? Cesium.Color.RED : Cesium.Color.ORANGE;
    const positions = points.map(([lat, lon]) => Cesium.Cartesian3.fromDegrees(lon, lat));
    const centre = points.reduce(([a, b], [c, d]) => [a + c / points.length, b + d / points.length], [0, 0]);
    const entity = this.viewer.entities.add({
      id: `job:${id}`,
      position: Cesium.Cartesian3.fromDegrees(centre[1], centre[0]),
      label: {
        text: `${id} ${status}${captured ? " ◉" : ""}`,
        font: "13px sans-serif",
        fillColor: colour,
        showBackground: true,
        backgroundColor: Cesium.Color.BLACK.withAlpha(0.6),
        pixelOffset: new Cesium.Cartesian2(0, -18),
      },
      point: { pixelSize: captured ? 12 : 7, color: colour },
      polygon:
        points.length >= 3
          ? { hierarchy: new Cesium.PolygonHierarchy(positions), material: colour.withAlpha(0.3), outline: true, outlineColor: colour }
          : undefined,
    });
    this.targets.set(id, entity);
    window.lagrange.targets = Object.fromEntries(
      [...this.targets].map(([k, e]) => [k, e.label?.text?.getValue(this.viewer.clock.currentTime)]),
    );
  }

  // A finished run's CZML (offline mode), replacing the live entities.
  async loadCzml(packets: unknown[]) {
    const Cesium = C();
    this.viewer.entities.removeAll();
    this.sats.clear();
    this.viewer.dataSources.removeAll();
    const ds = await this.viewer.dataSources.add(Cesium.CzmlDataSource.load(packets as object[]));
    this.viewer.clock.shouldAnimate = true;
    return ds;
  }
}
