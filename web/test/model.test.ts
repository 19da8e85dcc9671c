import { describe, expect, it } from "vitest";
import {
  aggregate, czmlCounts, eoTaskBody, formatBytes, ganttBars, latencySeconds, parseCsv,
  parsePoints, quotaFraction, satState, selectJobs, SseParser, type Job,
} from "../src/model";

const job = (id: string, status: string, submitted: string, delivered: string | null = null, kind = "eo_task"): Job => ({
  id, kind, name: `w-${id}`, status, drop_reason: null, submitted_at: submitted, delivered_at: delivered,
  delivered_to: null, timeline: [],
});

describe("jobs table", () => {
  const jobs = [
    job("job-2", "queued", "2026-06-27T00:10:00Z"),
    job("job-10", "delivered", "2026-06-27T00:00:00Z", "2026-06-27T01:00:00Z", "compute_job"),
    job("job-1", "delivered", "2026-06-27T00:05:00Z", "2026-06-27T00:35:00Z"),
    job("job-3", "dropped", "2026-06-27T00:20:00Z"),
  ];
  it("sorts ids numerically, not as text", () => {
    expect(selectJobs(jobs, { key: "id" }).map((j) => j.id)).toEqual(["job-1", "job-2", "job-3", "job-10"]);
    expect(selectJobs(jobs, { key: "id", descending: true })[0].id).toBe("job-10");
  });
  it("sorts by latency with running jobs measured to now and dropped ones last", () => {
    const now = "2026-06-27T00:30:00Z"; // job-2 has run 20 min
    expect(selectJobs(jobs, { key: "latency", now }).map((j) => j.id)).toEqual(["job-2", "job-1", "job-10", "job-3"]);
  });
  it("filters by text and status", () => {
    expect(selectJobs(jobs, { filter: "COMPUTE" }).map((j) => j.id)).toEqual(["job-10"]);
    expect(selectJobs(jobs, { status: "delivered" }).map((j) => j.id)).toEqual(["job-1", "job-10"]);
  });
  it("measures latency from submission", () => {
    expect(latencySeconds(jobs[1])).toBe(3600);
    expect(latencySeconds(jobs[3], "2026-06-28T00:00:00Z")).toBeNull();
  });
});

describe("gantt", () => {
  it("gives each stage a bar to the next transition, at its satellite or station", () => {
    const j = job("job-0", "delivered", "2026-06-27T00:00:00Z", "2026-06-27T00:30:00Z");
    j.timeline = [
      { stage: "accepted", at: "2026-06-27T00:00:00Z", satellite: null, station: null },
      { stage: "waiting_capture", at: "2026-06-27T00:00:00Z", satellite: null, station: null },
      { stage: "computing", at: "2026-06-27T00:10:00Z", satellite: "SAT-1", station: null },
      { stage: "downlinking", at: "2026-06-27T00:20:00Z", satellite: "SAT-1", station: "Kashgar" },
      { stage: "delivered", at: "2026-06-27T00:30:00Z", satellite: null, station: "Kashgar" },
    ];
    const bars = ganttBars(j);
    expect(bars.map((b) => [b.stage, b.where, b.start, b.end])).toEqual([
      ["accepted", "ground", 0, 0],
      ["waiting_capture", "ground", 0, 600],
      ["computing", "SAT-1", 600, 1200],
      ["downlinking", "SAT-1", 1200, 1800],
    ]);
  });
  it("runs the last stage of a running job to now", () => {
    const j = job("job-0", "queued", "2026-06-27T00:00:00Z");
    j.timeline = [{ stage: "queued", at: "2026-06-27T00:01:00Z", satellite: "S", station: null }];
    expect(ganttBars(j, "2026-06-27T00:11:00Z")).toEqual([{ stage: "queued", where: "S", start: 60, end: 660 }]);
    expect(ganttBars(j)).toEqual([]);
  });
});

describe("SSE parser", () => {
  it("joins events split across chunks and skips comments", () => {
    const p = new SseParser();
    expect(p.feed(": keep-alive\n\nid: 3\nevent: transition\ndata: {\"a\"")).toEqual([]);
    expect(p.feed(":1}\r\n\r\nid: 4\ndata: x\ndata: y\n\n")).toEqual([
      { id: "3", event: "transition", data: '{"a":1}' },
      { id: "4", event: "message", data: "x\ny" },
    ]);
  });
});

describe("CSV", () => {
  it("reads quoted fields, doubled quotes, commas and CRLF", () => {
    expect(parseCsv('id,name,note\r\n1,"a, b","say ""hi"""\r\n2,c,\n')).toEqual([
      { id: "1", name: "a, b", note: 'say "hi"' },
      { id: "2", name: "c", note: "" },
    ]);
    expect(parseCsv("")).toEqual([]);
  });
});

describe("targets and bodies", () => {
  it("parses typed points and refuses bad ones", () => {
    expect(parsePoints("31.2, 121.5; 30 120")).toEqual([[31.2, 121.5], [30, 120]]);
    expect(parsePoints("91, 0")).toMatch(/out of range/);
    expect(parsePoints("abc")).toMatch(/not "lat, lon"/);
  });
  it("makes a point or polygon EO body", () => {
    expect(eoTaskBody([[1, 2]], "yolov8s", "any")).toEqual({ kind: "eo_task", target: { point: [1, 2] }, model: "yolov8s", deliver_to: "any" });
    expect(eoTaskBody([[1, 2], [1, 3], [2, 3]], "m", "Sanya").deliver_to).toEqual({ station: "Sanya" });
    expect(() => eoTaskBody([[1, 2], [3, 4]], "m", "any")).toThrow();
  });
});

describe("state, gauges, series, CZML", () => {
  it("colours by the worst state first", () => {
    expect(satState({ down: true, battery: 0.9, busy: true })).toBe("down");
    expect(satState({ shed: true, battery: 0.9 })).toBe("low");
    expect(satState({ battery: 0.2, busy: true })).toBe("low");
    expect(satState({ battery: 0.9, busy: true })).toBe("busy");
    expect(satState({ battery: 0.9 })).toBe("idle");
  });
  it("treats a zero quota as unlimited and clamps", () => {
    expect(quotaFraction(5, 0)).toBe(0);
    expect(quotaFraction(5, 10)).toBe(0.5);
    expect(quotaFraction(50, 10)).toBe(1);
  });
  it("aggregates samples", () => {
    const a = aggregate([{ at: "t", battery: [0.5, 1], stored_bytes: [1, 2], queue: [0, 3], busy: [1, 0] }]);
    expect(a).toEqual({ at: ["t"], utilisation: [0.5], batteryMean: [0.75], batteryMin: [0.5], stored: [3], queue: [3] });
  });
  it("counts CZML entities by their id prefix", () => {
    expect(czmlCounts([{ id: "document" }, { id: "sat-0" }, { id: "station-1" }, { id: "contact-0-1" }, { id: "capture-2" }, { id: "x" }]))
      .toEqual({ satellites: 1, stations: 1, contacts: 1, captures: 1, other: 1 });
  });
  it("formats bytes", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1.5e9)).toBe("1.5 GB");
  });
});
