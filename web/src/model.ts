// Pure client logic (no DOM, no Cesium): what the views show, unit-tested with Vitest.

export interface TimelineStep {
  stage: string;
  at: string;
  satellite: string | null;
  station: string | null;
}

export interface Job {
  id: string;
  kind: string;
  name: string;
  status: string;
  drop_reason: string | null;
  submitted_at: string;
  delivered_at: string | null;
  delivered_to: string | null;
  timeline: TimelineStep[];
  downlink_bytes?: number;
  energy_j?: number;
}

export const ENDED = new Set(["delivered", "dropped"]);

// Seconds from submission to delivery (or to `now` while running); null when dropped.
export function latencySeconds(job: Job, now?: string): number | null {
  const start = Date.parse(job.submitted_at);
  if (job.delivered_at) return (Date.parse(job.delivered_at) - start) / 1000;
  if (job.status === "dropped" || !now) return null;
  return Math.max(0, (Date.parse(now) - start) / 1000);
}

export type SortKey = "id" | "kind" | "status" | "submitted_at" | "latency";

function idNumber(id: string): number {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}

// Jobs whose id, name, kind or status contain `filter` (case-insensitive), of `status` when
// given, sorted by `key` (ties by id) ascending or descending.
export function selectJobs(
  jobs: Job[],
  opts: { filter?: string; status?: string; key?: SortKey; descending?: boolean; now?: string },
): Job[] {
  const f = (opts.filter ?? "").trim().toLowerCase();
  const out = jobs.filter(
    (j) =>
      (!opts.status || j.status === opts.status) &&
      (!f || [j.id, j.name, j.kind, j.status].some((v) => (v ?? "").toLowerCase().includes(f))),
  );
  const key = opts.key ?? "id";
  const value = (j: Job): number | string => {
    if (key === "id") return idNumber(j.id);
    if (key === "latency") return latencySeconds(j, opts.now) ?? Number.POSITIVE_INFINITY;
    if (key === "submitted_at") return Date.parse(j.submitted_at);
    return j[key];
  };
  out.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const c = x < y ? -1 : x > y ? 1 : idNumber(a.id) - idNumber(b.id);
    return opts.descending ? -c : c;
  });
  return out;
}

export interface GanttBar {
  stage: string;
  where: string; // satellite or station (or "ground")
  start: number; // seconds from submission
  end: number;
}

// One bar per stage, from its transition to the next (the last, unless ended, to `now`);
// `where` is the satellite, else the station, where the stage happened.
export function ganttBars(job: Job, now?: string): GanttBar[] {
  const t0 = Date.parse(job.submitted_at);
  const steps = job.timeline;
  const bars: GanttBar[] = [];
  for (let i = 0; i < steps.length; ++i) {
    const s = steps[i];
    if (ENDED.has(s.stage)) break;
    const endIso = i + 1 < steps.length ? steps[i + 1].at : now;
    if (!endIso) continue;
    bars.push({
      stage: s.stage,
      where: s.satellite ?? s.station ?? "ground",
      start: (Date.parse(s.at) - t0) / 1000,
      end: Math.max((Date.parse(endIso) - t0) / 1000, (Date.parse(s.at) - t0) / 1000),
    });
  }
  return bars;
}

// A Server-Sent Events parser fed chunks of text; yields complete events.
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}
export class SseParser {
  private buffer = "";
  feed(chunk: string): SseEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, "\n");
    const out: SseEvent[] = [];
    let cut: number;
    while ((cut = this.buffer.indexOf("\n\n")) >= 0) {
      const block = this.buffer.slice(0, cut);
      this.buffer = this.buffer.slice(cut + 2);
      const e: SseEvent = { event: "message", data: "" };
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") data.push(value);
        else if (field === "event") e.event = value;
        else if (field === "id") e.id = value;
      }
      if (data.length === 0) continue;
      e.data = data.join("\n");
      out.push(e);
    }
    return out;
  }
}

// RFC 4180 CSV (quotes, doubled quotes, CRLF) into rows of objects keyed by the header.
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        ++i;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") ++i;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ""])));
}

export type SatState = "down" | "low" | "busy" | "idle";
export const LOW_BATTERY = 0.3;
// A satellite's colour class: down (accelerator shed), low battery, busy, idle.
export function satState(s: { battery?: number; busy?: boolean; shed?: boolean; down?: boolean }): SatState {
  if (s.down) return "down"; // lost or rebooting (a fault)
  if (s.shed) return "low"; // accelerator shed at the battery's minimum
  if (s.battery !== undefined && s.battery < LOW_BATTERY) return "low";
  if (s.busy) return "busy";
  return "idle";
}

export function formatBytes(b: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let v = b;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    ++u;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 1)} ${units[u]}`;
}

export function formatDuration(s: number | null): string {
  if (s === null) return "–";
  if (s < 60) return `${s.toFixed(0)} s`;
  if (s < 3600) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

// Fraction of a quota used, clamped to [0, 1]; a quota of 0 means unlimited: 0.
export function quotaFraction(used: number, quota: number): number {
  if (!(quota > 0)) return 0;
  return Math.min(1, Math.max(0, used / quota));
}

// Parses "lat, lon; lat, lon; ..." (what the target field holds) into points.
export function parsePoints(text: string): [number, number][] | string {
  const parts = text.split(";").map((p) => p.trim()).filter(Boolean);
  const out: [number, number][] = [];
  for (const p of parts) {
    const nums = p.split(/[ ,]+/).filter(Boolean).map(Number);
    if (nums.length !== 2 || nums.some((n) => !Number.isFinite(n))) return `not "lat, lon": ${p}`;
    const [lat, lon] = nums;
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return `out of range: ${p}`;
    out.push([lat, lon]);
  }
  return out;
}

export function formatPoints(points: [number, number][]): string {
  return points.map(([a, b]) => `${a.toFixed(3)}, ${b.toFixed(3)}`).join("; ");
}

// The JSON body of an EO task for a point (1 vertex) or polygon (3 or more).
export function eoTaskBody(points: [number, number][], model: string, deliverTo: string) {
  if (points.length !== 1 && points.length < 3) throw new Error("a point or at least 3 vertices");
  return {
    kind: "eo_task",
    target: points.length === 1 ? { point: points[0] } : { polygon: points },
    model,
    deliver_to: deliverTo === "any" ? "any" : { station: deliverTo },
  };
}

// Per-sample aggregates of the admin series for the charts.
export interface SeriesSample {
  at: string;
  battery: number[];
  stored_bytes: number[];
  queue: number[];
  busy: number[];
}
export function aggregate(samples: SeriesSample[]) {
  const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return {
    at: samples.map((s) => s.at),
    utilisation: samples.map((s) => mean(s.busy)),
    batteryMean: samples.map((s) => mean(s.battery)),
    batteryMin: samples.map((s) => (s.battery.length ? Math.min(...s.battery) : 0)),
    stored: samples.map((s) => sum(s.stored_bytes)),
    queue: samples.map((s) => sum(s.queue)),
  };
}

// Counts of a CZML document's entities by kind (ids written by src/report/czml.cpp).
export function czmlCounts(packets: { id: string }[]) {
  const counts = { satellites: 0, stations: 0, contacts: 0, captures: 0, other: 0 };
  for (const p of packets) {
    if (p.id === "document") continue;
    if (p.id.startsWith("sat-")) counts.satellites++;
    else if (p.id.startsWith("station-")) counts.stations++;
    else if (p.id.startsWith("contact-")) counts.contacts++;
    else if (p.id.startsWith("capture-")) counts.captures++;
    else counts.other++;
  }
  return counts;
}
