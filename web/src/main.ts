// The dashboard: one page, three views beside the globe (docs/dashboard.md).
import { Chart, registerables } from "chart.js";
import { api, ApiError, serviceUp, session, streamEvents } from "./api";
import { Globe, STATE_COLOURS } from "./globe";
import {
  aggregate, czmlCounts, eoTaskBody, formatBytes, formatDuration, formatPoints, ganttBars,
  latencySeconds, parseCsv, parsePoints, quotaFraction, selectJobs,
  type Job, type SeriesSample, type SortKey,
} from "./model";
import "./style.css";

Chart.register(...registerables);
Chart.defaults.color = "#c8d0d8";
Chart.defaults.borderColor = "#2c3642";
Chart.defaults.animation = false;

const $ = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) =>
  root.querySelector(sel) as T;
const esc = (s: unknown) =>
  String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

type Role = "tenant" | "admin" | "";
const state = {
  role: (sessionStorage.getItem("lagrange.role") ?? "") as Role,
  online: false,
  now: "",
  window: { start: "", end: "" },
  jobs: [] as Job[],
  sort: { key: "id" as SortKey, descending: true },
  filter: "",
  status: "",
  openJob: "",
  targets: JSON.parse(sessionStorage.getItem("lagrange.targets") ?? "{}") as Record<string, [number, number][]>,
  stations: [] as string[],
  events: null as AbortController | null,
  charts: [] as Chart[],
  gantt: null as Chart | null,
};
window.lagrange = { state, ready: false };
let globe: Globe;

// --- views ---------------------------------------------------------------------------------

function show(view: string) {
  for (const b of document.querySelectorAll<HTMLButtonElement>("nav button")) {
    b.setAttribute("aria-pressed", String(b.dataset.view === view));
  }
  for (const v of ["tenant", "operator", "offline"]) $(`#view-${v}`).hidden = v !== view;
  document.body.dataset.view = view;
  if (view === "operator") void renderOperator();
}

// The view's form says which key it takes: the tenant view a tenant's, the operator view the
// admin's (no probing with the wrong kind, which would be a 401 in the console).
function signInForm(where: HTMLElement, title: string, role: Role) {
  where.innerHTML = `<h2>${esc(title)}</h2>
    <form id="signin-${where.id}" class="row">
      <label for="key-${where.id}">API key</label>
      <input id="key-${where.id}" type="password" autocomplete="off" size="34" required>
      <button type="submit">Sign in</button></form>
    <p class="error" role="alert"></p>
    <p class="muted">${role === "admin" ? "The admin key (DATA/admin.key)" : "A tenant's key (from POST /v1/tenants)"}. It is kept in this tab's session storage only.</p>`;
  $("form", where).addEventListener("submit", async (e) => {
    e.preventDefault();
    const key = $<HTMLInputElement>("input", where).value.trim();
    try {
      await signIn(key, role);
    } catch (err) {
      $(".error", where).textContent = String((err as Error).message);
    }
  });
}

async function signIn(key: string, role: Role) {
  try {
    await api(role === "admin" ? "/v1/admin/clock" : "/v1/usage", {}, key);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      throw new Error(role === "admin" ? "that is not the admin key" : "the service knows no tenant with that key");
    }
    throw e;
  }
  session.key = key;
  state.role = role;
  sessionStorage.setItem("lagrange.role", role);
  await afterSignIn();
}

function signOut() {
  session.key = "";
  state.role = "";
  sessionStorage.removeItem("lagrange.role");
  state.events?.abort();
  location.reload();
}

async function afterSignIn() {
  $("#who").innerHTML = state.role
    ? `${state.role === "admin" ? "admin" : "tenant"} <button type="button" id="signout">Sign out</button>`
    : "";
  $("#signout")?.addEventListener("click", signOut);
  if (state.role !== "tenant") {
    signInForm($("#view-tenant"), state.role === "admin" ? "Sign in with a tenant's key to see its work" : "Sign in with your API key", "tenant");
  }
  if (state.role !== "admin") signInForm($("#view-operator"), "Operator: sign in with the admin key", "admin");
  if (!state.role) return;
  await startGlobe();
  if (state.role === "tenant") {
    renderTenant();
    state.events = new AbortController();
    void streamEvents(() => void refreshJobs(), state.events.signal);
    show("tenant");
  } else {
    show("operator");
  }
}

// --- the globe, live ------------------------------------------------------------------------

interface Constellation {
  at: string;
  window: { start: string; end: string };
  satellites: { name: string; battery?: number; busy?: boolean; shed?: boolean; down?: boolean }[];
  stations: { name: string; latitude_deg: number; longitude_deg: number }[];
}

let globeStarted = false;
async function startGlobe() {
  if (globeStarted) return;
  globeStarted = true;
  const c = await api<Constellation>("/v1/constellation");
  state.window = c.window;
  state.stations = c.stations.map((s) => s.name);
  const tracks = await api<{ epoch: string; satellites: { name: string; positions: number[] }[] }>(
    `/v1/tracks?from=${c.window.start}&to=${c.window.end}&step_s=60`,
  );
  globe.setTracks(tracks);
  globe.setStations(c.stations);
  globe.onPick = (name) => void showSatellite(name);
  await tick();
  setInterval(() => void tick(), 1500);
  window.lagrange.ready = true;
}

async function tick() {
  if (document.body.dataset.offline === "loaded") return; // the globe plays a finished run now
  try {
    const c = await api<Constellation>("/v1/constellation");
    state.now = c.at;
    $("#clock").textContent = `sim ${c.at.replace("T", " ").replace(/\.\d+Z$/, " UTC")}`;
    globe.setClock(c.at, state.window.start, state.window.end);
    globe.setStates(c.satellites);
    globe.setLinks(await api("/v1/links"));
    if (state.role === "tenant") await refreshJobs();
    const open = $("#sat-panel").dataset.sat;
    if (open && !$("#sat-panel").hidden) await showSatellite(open);
    globe.viewer.scene.requestRender();
  } catch (e) {
    $("#clock").textContent = `service unreachable: ${(e as Error).message}`;
  }
}

interface SatelliteDetail {
  name: string; norad_id: number; class: string; accelerator: string; battery: number; shed: boolean; down?: boolean;
  models?: { model: string; version: number }[];
  stored_bytes: number; storage_bytes: number; queue_length: number; busy: boolean; sunlit: boolean;
  current_job: { id: string | null; status?: string; name?: string } | null;
  lasers_to: string[]; stations_in_view: string[]; next_passes: { station: string; start: string }[];
}

async function showSatellite(name: string) {
  const s = await api<SatelliteDetail>(`/v1/satellites/${encodeURIComponent(name)}`);
  const panel = $("#sat-panel");
  panel.dataset.sat = name;
  panel.hidden = false;
  const job = s.current_job ? (s.current_job.id ? `${s.current_job.id} (${s.current_job.status})` : "another tenant's") : "none";
  panel.innerHTML = `<div class="row"><b>${esc(s.name)}</b><span class="muted">NORAD ${s.norad_id} · ${esc(s.class)} · ${esc(s.accelerator)}</span>
    <button type="button" id="sat-close" aria-label="Close the satellite panel">×</button></div>
    <table><tbody>
    <tr><td>Battery</td><td>${(s.battery * 100).toFixed(0)} %${s.shed ? " (accelerator shed)" : ""} · ${s.sunlit ? "sunlit" : "eclipse"}${s.down ? " · <b>down</b> (a fault)" : ""}</td></tr>
    <tr><td>Store</td><td>${formatBytes(s.stored_bytes)} of ${formatBytes(s.storage_bytes)}</td></tr>
    <tr><td>Accelerator queue</td><td>${s.queue_length} waiting · ${s.busy ? "busy" : "idle"}</td></tr>
    <tr><td>Current job</td><td>${esc(job)}</td></tr>
    <tr><td>Models</td><td>${esc((s.models ?? []).map((m) => `user/${m.model} v${m.version}`).join(", ") || "none of users'")}</td></tr>
    <tr><td>Laser links</td><td>${esc(s.lasers_to.join(", ") || "none")}</td></tr>
    <tr><td>In view of</td><td>${esc(s.stations_in_view.join(", ") || "no station")}</td></tr>
    <tr><td>Next pass</td><td>${esc(s.next_passes[0] ? `${s.next_passes[0].station} ${s.next_passes[0].start}` : "–")}</td></tr>
    </tbody></table>`;
  $("#sat-close").addEventListener("click", () => (panel.hidden = true));
}

// --- tenant view -----------------------------------------------------------------------------

function renderTenant() {
  const v = $("#view-tenant");
  const stations = state.stations.map((s) => `<option>${esc(s)}</option>`).join("");
  v.innerHTML = `
    <h2>Quotas today</h2><div id="quotas"></div>
    <h2>Submit work</h2>
    <div class="row" role="tablist">
      <button type="button" data-form="eo" aria-pressed="true">EO task</button>
      <button type="button" data-form="compute">Compute job</button>
      <button type="button" data-form="llm">LLM question</button></div>
    <form id="form-eo">
      <div class="row"><button type="button" id="draw">Draw on the globe</button>
        <button type="button" id="draw-clear">Clear</button>
        <span class="muted" id="draw-hint">Click once for a point, three times or more for a polygon.</span></div>
      <div class="row"><label for="eo-target">Target (lat, lon; …)</label><input id="eo-target" size="40" placeholder="31.2, 121.5"></div>
      <div class="row"><label for="eo-model">Model</label><input id="eo-model" value="yolov8s" size="12">
        <label for="eo-deliver">Deliver to</label><select id="eo-deliver"><option value="any">any station</option>${stations}</select></div>
      <div class="row"><button type="submit">Submit EO task</button></div></form>
    <form id="form-compute" hidden>
      <div class="row"><label for="c-ops">Operations</label><input id="c-ops" value="2e15" size="10">
        <label for="c-from">From</label><select id="c-from">${stations}</select></div>
      <div class="row"><label for="c-in">Input bytes</label><input id="c-in" value="2e6" size="8"><label for="c-out">Output bytes</label><input id="c-out" value="5e6" size="8"></div>
      <div class="row"><button type="submit">Submit compute job</button></div></form>
    <form id="form-llm" hidden>
      <div class="row"><label for="l-model">Model</label><input id="l-model" value="qwen3-8b" size="12"><label for="l-from">From</label><select id="l-from">${stations}</select></div>
      <div class="row"><label for="l-prompt">Prompt tokens</label><input id="l-prompt" value="300" size="6"><label for="l-answer">Answer tokens</label><input id="l-answer" value="200" size="6"></div>
      <div class="row"><button type="submit">Ask</button></div></form>
    <p id="submit-result" role="status"></p>
    <h2>My jobs</h2>
    <div class="row"><label for="job-filter">Filter</label><input id="job-filter" size="14">
      <label for="job-status">Status</label><select id="job-status"><option value="">all</option>
      ${["accepted", "waiting_capture", "uplinking", "queued", "computing", "downlinking", "processing_on_ground", "delivered", "dropped"].map((s) => `<option>${s}</option>`).join("")}</select></div>
    <table id="jobs"><thead><tr>${(["id", "kind", "status", "submitted_at", "latency"] as SortKey[]).map((k) => `<th><button type="button" data-sort="${k}">${k === "submitted_at" ? "submitted" : k}</button></th>`).join("")}</tr></thead><tbody></tbody></table>
    <section id="timeline" hidden><h2 id="timeline-title">Timeline</h2><div class="gantt"><canvas id="gantt" aria-label="Gantt chart of the job's stages"></canvas></div><table id="timeline-steps"></table></section>
    <section id="models" hidden><h2>My models</h2><div id="models-body"></div></section>`;
  for (const b of v.querySelectorAll<HTMLButtonElement>("[data-form]")) {
    b.addEventListener("click", () => {
      for (const o of v.querySelectorAll<HTMLButtonElement>("[data-form]")) o.setAttribute("aria-pressed", String(o === b));
      for (const f of ["eo", "compute", "llm"]) $(`#form-${f}`).hidden = f !== b.dataset.form;
    });
  }
  $("#draw").addEventListener("click", () => {
    if (globe.isDrawing) {
      globe.stopDrawing();
      $("#draw").textContent = "Draw on the globe";
    } else {
      globe.startDrawing();
      $("#draw").textContent = "Finish drawing";
    }
  });
  $("#draw-clear").addEventListener("click", () => {
    $<HTMLInputElement>("#eo-target").value = "";
    globe.showDraft([]);
    if (globe.isDrawing) globe.startDrawing();
  });
  globe.onDraw = (points) => ($<HTMLInputElement>("#eo-target").value = formatPoints(points));
  $("#eo-target").addEventListener("change", () => {
    const p = parsePoints($<HTMLInputElement>("#eo-target").value);
    if (typeof p !== "string") globe.showDraft(p);
  });
  const submit = async (body: object, points?: [number, number][]) => {
    const out = $("#submit-result");
    try {
      const r = await api<{ id: string; status: string }>("/v1/jobs", { method: "POST", body: JSON.stringify(body) });
      out.className = "";
      out.textContent = `Submitted ${r.id} (${r.status})`;
      if (points) {
        state.targets[r.id] = points;
        sessionStorage.setItem("lagrange.targets", JSON.stringify(state.targets));
      }
      globe.stopDrawing();
      globe.showDraft([]);
      if (points) $<HTMLInputElement>("#eo-target").value = "";
      $("#draw").textContent = "Draw on the globe";
      await refreshJobs();
    } catch (e) {
      out.className = "error";
      out.textContent = (e as Error).message;
    }
  };
  $("#form-eo").addEventListener("submit", (e) => {
    e.preventDefault();
    const p = parsePoints($<HTMLInputElement>("#eo-target").value);
    if (typeof p === "string" || (p.length !== 1 && p.length < 3)) {
      $("#submit-result").className = "error";
      $("#submit-result").textContent = typeof p === "string" ? p : "draw a point or a polygon of 3 or more vertices";
      return;
    }
    void submit(eoTaskBody(p, $<HTMLInputElement>("#eo-model").value, $<HTMLSelectElement>("#eo-deliver").value), p);
  });
  $("#form-compute").addEventListener("submit", (e) => {
    e.preventDefault();
    void submit({
      kind: "compute_job", operations: Number($<HTMLInputElement>("#c-ops").value),
      input_bytes: Number($<HTMLInputElement>("#c-in").value), output_bytes: Number($<HTMLInputElement>("#c-out").value),
      from: $<HTMLSelectElement>("#c-from").value,
    });
  });
  $("#form-llm").addEventListener("submit", (e) => {
    e.preventDefault();
    void submit({
      kind: "llm_query", model: $<HTMLInputElement>("#l-model").value,
      prompt_tokens: Number($<HTMLInputElement>("#l-prompt").value), answer_tokens: Number($<HTMLInputElement>("#l-answer").value),
      from: $<HTMLSelectElement>("#l-from").value,
    });
  });
  $("#job-filter").addEventListener("input", (e) => ((state.filter = (e.target as HTMLInputElement).value), renderJobs()));
  $("#job-status").addEventListener("change", (e) => ((state.status = (e.target as HTMLSelectElement).value), renderJobs()));
  for (const b of v.querySelectorAll<HTMLButtonElement>("[data-sort]")) {
    b.addEventListener("click", () => {
      const key = b.dataset.sort as SortKey;
      state.sort = { key, descending: state.sort.key === key ? !state.sort.descending : false };
      renderJobs();
    });
  }
  void renderModels();
}

async function refreshJobs() {
  const page = await api<{ jobs: Job[] }>("/v1/jobs?limit=1000");
  state.jobs = page.jobs;
  renderJobs();
  for (const j of state.jobs) {
    const t = state.targets[j.id];
    if (t) globe.setTarget(j.id, t, j.status, j.timeline.some((s) => s.stage !== "waiting_capture" && s.stage !== "accepted"));
  }
  const u = await api<{ quotas: Record<string, number>; used: Record<string, number>; jobs: Record<string, number> }>("/v1/usage");
  const gauge = (label: string, used: number, quota: number, fmt: (n: number) => string) =>
    `<div class="row"><label>${label}</label><div class="gauge" role="meter" aria-label="${label}" aria-valuemin="0" aria-valuemax="1" aria-valuenow="${quotaFraction(used, quota).toFixed(3)}"><div style="width:${(quotaFraction(used, quota) * 100).toFixed(1)}%"></div></div>
     <span class="muted">${fmt(used)} of ${quota > 0 ? fmt(quota) : "unlimited"}</span></div>`;
  $("#quotas").innerHTML =
    gauge("Operations", u.used.ops_today, u.quotas.ops_per_day, (n) => n.toExponential(2)) +
    gauge("Downlink", u.used.downlink_bytes_today, u.quotas.downlink_bytes_per_day, formatBytes) +
    `<div class="muted">${u.jobs.submitted} submitted · ${u.jobs.delivered} delivered · ${u.jobs.dropped} dropped · ${u.jobs.active} active</div>`;
  if (state.openJob) renderTimeline(state.openJob);
}

let jobsHtml = "";
function renderJobs() {
  const body = $("#jobs tbody");
  if (!body) return;
  const jobs = selectJobs(state.jobs, { filter: state.filter, status: state.status, key: state.sort.key, descending: state.sort.descending, now: state.now });
  const html = jobs
    .map((j) => `<tr class="job" tabindex="0" data-id="${esc(j.id)}"><td>${esc(j.id)}</td><td>${esc(j.kind)}</td>
      <td class="status-${esc(j.status)}">${esc(j.status)}${j.drop_reason ? ` (${esc(j.drop_reason)})` : ""}</td>
      <td>${esc(j.submitted_at.slice(11, 19))}</td><td>${formatDuration(latencySeconds(j, state.now))}</td></tr>`)
    .join("") || `<tr><td colspan="5" class="muted">No jobs yet.</td></tr>`;
  // Unchanged rows are left alone, so the keyboard focus stays on its row between refreshes.
  if (jobsHtml === html && body.querySelector("tr")) return;
  jobsHtml = html;
  body.innerHTML = html;
  for (const tr of body.querySelectorAll<HTMLTableRowElement>("tr.job")) {
    const open = () => renderTimeline(tr.dataset.id!);
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), open()));
  }
}

const STAGE_COLOURS: Record<string, string> = {
  accepted: "#90a4ae", waiting_capture: "#ba68c8", uplinking: "#4fc3f7", queued: "#ffd54f",
  computing: "#ffb300", downlinking: "#4db6ac", processing_on_ground: "#a1887f",
};

function renderTimeline(id: string) {
  const job = state.jobs.find((j) => j.id === id);
  if (!job) return;
  state.openJob = id;
  $("#timeline").hidden = false;
  $("#timeline-title").textContent = `Timeline of ${job.id} (${job.kind}, ${job.status})`;
  const bars = ganttBars(job, state.now);
  const rows = [...new Set(bars.map((b) => b.where))];
  // A stage of a second (a hand-over) stays visible: at least 1/150 of the whole span.
  const span = Math.max(1, ...bars.map((b) => b.end));
  const shortest = span / 150;
  const data = {
    labels: rows,
    datasets: [...new Set(bars.map((b) => b.stage))].map((stage) => ({
      label: stage,
      backgroundColor: STAGE_COLOURS[stage] ?? "#ccc",
      data: bars.filter((b) => b.stage === stage).map((b) => ({ y: b.where, x: [b.start / 60, Math.max(b.end, b.start + shortest) / 60] })),
      grouped: false,
      barPercentage: 0.7,
    })),
  };
  state.gantt?.destroy();
  state.gantt = new Chart($<HTMLCanvasElement>("#gantt"), {
    type: "bar",
    data: data as never,
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      scales: { x: { type: "linear", title: { display: true, text: "minutes since submission" }, min: 0 } },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 10 } } },
    },
  });
  $("#timeline-steps").innerHTML = `<thead><tr><th>stage</th><th>at</th><th>satellite</th><th>station</th></tr></thead><tbody>${job.timeline
    .map((s) => `<tr><td>${esc(s.stage)}</td><td>${esc(s.at.slice(11, 23))}</td><td>${esc(s.satellite ?? "")}</td><td>${esc(s.station ?? "")}</td></tr>`)
    .join("")}</tbody>`;
}

// Routes of this service (its OpenAPI document), to light up panels of routes that not every
// version has (models, faults) without asking for a missing one, which the console would log.
let routes: Promise<Set<string>> | null = null;
export function hasRoute(path: string): Promise<boolean> {
  routes ??= api<{ paths: Record<string, unknown> }>("/v1/openapi.json", {}, "")
    .then((d) => new Set(Object.keys(d.paths)))
    .catch(() => new Set<string>());
  return routes.then((r) => r.has(path));
}

// The tenant's models (GET /v1/models), shown only where the service has that route.
async function renderModels() {
  if (!(await hasRoute("/v1/models"))) return;
  try {
    const res = await fetch("/v1/models", { headers: { Authorization: `Bearer ${session.key}` } });
    if (!res.ok) return;
    const body = await res.json();
    const models: Record<string, unknown>[] = Array.isArray(body) ? body : body.models ?? [];
    $("#models").hidden = false;
    $("#models-body").innerHTML = models.length
      ? `<table><thead><tr><th>model</th><th>version</th><th>status</th><th>deployed</th></tr></thead><tbody>${models
          .map((m) => `<tr><td>${esc(m.name ?? m.id)}</td><td>${esc(m.version ?? "")}</td><td>${esc(m.status ?? "")}</td>
            <td>${esc(m.deployed_satellites ?? m.deployment ?? "")}</td></tr>`).join("")}</tbody></table>`
      : `<p class="muted">No models uploaded.</p>`;
  } catch {
    /* no models route on this service */
  }
}

// --- operator view ---------------------------------------------------------------------------

async function renderOperator() {
  if (state.role !== "admin") return;
  const v = $("#view-operator");
  if (!$("#op-charts", v)) {
    v.innerHTML = `<h2>Clock</h2><form id="advance" class="row"><label for="advance-to">Advance to</label>
        <input id="advance-to" size="24"><button type="submit">Advance</button><span id="advance-result" role="status"></span></form>
      <h2>Tenants</h2><table id="tenants"></table>
      <h2>Constellation over time</h2><div id="op-charts">
      ${["utilisation", "battery", "storage", "queues", "downlink"].map((c) => `<div class="chart"><canvas id="chart-${c}" aria-label="${c} over time"></canvas></div>`).join("")}</div>
      <h2>Inject a fault</h2><form id="fault"><div class="row"><label for="f-kind">Kind</label>
        <select id="f-kind"><option>satellite_reboot</option><option>satellite_loss</option><option>accelerator_failure</option><option>laser_terminal_failure</option><option>station_outage</option></select>
        <label for="f-sat">Satellite or station</label><input id="f-sat" size="12" placeholder="name or NORAD id"></div>
        <div class="row"><label for="f-at">At</label><input id="f-at" size="24"><label for="f-dur">Duration s</label><input id="f-dur" value="900" size="6"></div>
        <div class="row"><button type="submit">Inject</button><span id="fault-result" role="status"></span></div></form>
      <h2>Faults</h2><table id="faults"></table>`;
    $("#advance").addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        const r = await api<{ now: string }>("/v1/admin/clock", { method: "POST", body: JSON.stringify({ advance_to: $<HTMLInputElement>("#advance-to").value }) });
        $("#advance-result").textContent = `now ${r.now}`;
        await tick();
        await renderOperator();
      } catch (err) {
        $("#advance-result").textContent = (err as Error).message;
      }
    });
    $("#fault").addEventListener("submit", async (e) => {
      e.preventDefault();
      const kind = $<HTMLSelectElement>("#f-kind").value;
      const who = $<HTMLInputElement>("#f-sat").value.trim();
      const body: Record<string, unknown> = { kind };
      // The scenario's fault syntax (docs/scenario.md): a station by name, a satellite by name or
      // NORAD id; no duration is a permanent fault.
      if (kind === "station_outage") body.station = who;
      else body.satellite = /^\d+$/.test(who) ? Number(who) : who;
      const duration = $<HTMLInputElement>("#f-dur").value.trim();
      if (duration) body.duration_s = Number(duration);
      // Empty: now (the placeholder shows the service's sim time).
      body.at = $<HTMLInputElement>("#f-at").value.trim() || $<HTMLInputElement>("#f-at").placeholder;
      try {
        await api("/v1/admin/faults", { method: "POST", body: JSON.stringify(body) });
        $("#fault-result").textContent = "injected";
      } catch (err) {
        const status = err instanceof ApiError ? err.status : 0;
        $("#fault-result").textContent = status === 404 ? "no such satellite or route" : (err as Error).message;
      }
    });
  }
  if (!(await hasRoute("/v1/admin/faults"))) {
    for (const el of $("#fault").querySelectorAll<HTMLInputElement>("input, select, button")) el.disabled = true;
    $("#fault-result").textContent = "this service has no fault injection (POST /v1/admin/faults) yet";
  }
  const clock = await api<{ now: string; clock: string }>("/v1/admin/clock");
  $<HTMLInputElement>("#advance-to").placeholder = clock.now;
  if (!$<HTMLInputElement>("#f-at").value) $<HTMLInputElement>("#f-at").placeholder = clock.now;
  const series = await api<{ samples: SeriesSample[]; downlink_bytes: Record<string, number[]> }>("/v1/admin/series");
  const a = aggregate(series.samples);
  const labels = a.at.map((t) => t.slice(5, 16).replace("T", " "));
  const line = (id: string, title: string, sets: { label: string; data: number[]; color: string }[], bytes = false) =>
    new Chart($<HTMLCanvasElement>(`#chart-${id}`), {
      type: "line",
      data: { labels, datasets: sets.map((s) => ({ label: s.label, data: s.data, borderColor: s.color, backgroundColor: s.color, pointRadius: 0, borderWidth: 1.5 })) },
      options: { maintainAspectRatio: false, plugins: { title: { display: true, text: title }, legend: { labels: { boxWidth: 10 } } }, scales: {
        x: { ticks: { maxTicksLimit: 5, maxRotation: 0 } },
        y: { beginAtZero: true, suggestedMax: 1, ticks: { maxTicksLimit: 4, callback: (v) => (bytes ? formatBytes(Number(v)) : String(v)) } },
      } },
    });
  for (const c of state.charts) c.destroy();
  const palette = ["#4fc3f7", "#81c784", "#ffb300", "#e57373", "#ba68c8", "#4db6ac", "#f06292", "#aed581"];
  state.charts = [
    line("utilisation", "Accelerator utilisation (fraction of satellites busy)", [{ label: "busy", data: a.utilisation, color: "#ffb300" }]),
    line("battery", "Battery (state of charge)", [
      { label: "mean", data: a.batteryMean, color: "#81c784" },
      { label: "lowest", data: a.batteryMin, color: "#e57373" },
    ]),
    line("storage", "Onboard storage, all satellites", [{ label: "stored", data: a.stored, color: "#4fc3f7" }], true),
    line("queues", "Accelerator queues, all satellites (jobs)", [{ label: "waiting", data: a.queue, color: "#ba68c8" }]),
    line("downlink", "Downlink per station (cumulative, every job)",
      Object.entries(series.downlink_bytes).map(([name, data], i) => ({ label: name, data, color: palette[i % palette.length] })), true),
  ];
  const t = await api<{ tenants: { name: string; source: string; weight: number; used: Record<string, number>; jobs: Record<string, number> }[] }>("/v1/admin/tenants");
  $("#tenants").innerHTML = `<thead><tr><th>tenant</th><th>source</th><th>weight</th><th>ops today</th><th>accel s</th><th>downlink</th><th title="submitted (delivered/dropped/active)">jobs (d/x/a)</th></tr></thead><tbody>${t.tenants
    .map((x) => `<tr data-tenant="${esc(x.name)}"><td>${esc(x.name)}</td><td>${esc(x.source)}</td><td>${x.weight}</td><td>${x.used.ops_today.toExponential(2)}</td>
      <td>${x.used.accelerator_s.toFixed(0)}</td><td>${formatBytes(x.used.downlink_bytes)}</td>
      <td>${x.jobs.submitted} (${x.jobs.delivered}/${x.jobs.dropped}/${x.jobs.active})</td></tr>`).join("")}</tbody>`;
  if (await hasRoute("/v1/admin/faults")) {
    const f = await api<{ faults: { fault: string; kind: string; start: string; end: string | null; jobs_dropped: number; reruns: number; bytes_lost: number }[] }>("/v1/admin/faults");
    $("#faults").innerHTML = f.faults.length === 0 ? `<tbody><tr><td class="muted">none so far</td></tr></tbody>` :
      `<thead><tr><th>fault</th><th>from</th><th>to</th><th>jobs dropped</th><th>reruns</th><th>lost</th></tr></thead><tbody>${f.faults
        .map((x) => `<tr data-kind="${esc(x.kind)}"><td>${esc(x.fault)}</td><td>${esc(x.start.slice(5, 16).replace("T", " "))}</td>
          <td>${esc(x.end ? x.end.slice(5, 16).replace("T", " ") : "permanent")}</td><td>${x.jobs_dropped}</td><td>${x.reruns}</td><td>${formatBytes(x.bytes_lost)}</td></tr>`).join("")}</tbody>`;
  }
}

// --- offline: a finished run's output directory -----------------------------------------------

function renderOffline() {
  const v = $("#view-offline");
  v.innerHTML = `<h2>Open a finished run</h2>
    <p class="muted">Choose the output directory of <code>lagrange run</code> (summary.json, jobs.csv, scenario.czml). The files are read in this browser; nothing is uploaded.</p>
    <div class="row"><label for="run-dir">Run directory</label><input id="run-dir" type="file" webkitdirectory multiple></div>
    <p id="offline-error" class="error" role="alert"></p><div id="offline-body"></div>`;
  $("#run-dir").addEventListener("change", (e) => void openRun([...((e.target as HTMLInputElement).files ?? [])]));
}

async function openRun(files: File[]) {
  const byName = new Map(files.map((f) => [f.name, f]));
  const out = $("#offline-body");
  $("#offline-error").textContent = "";
  try {
    const czmlFile = byName.get("scenario.czml");
    if (!czmlFile) throw new Error("no scenario.czml in that directory");
    const packets = JSON.parse(await czmlFile.text()) as { id: string }[];
    const counts = czmlCounts(packets);
    await globe.loadCzml(packets);
    const summary = byName.get("summary.json") ? JSON.parse(await byName.get("summary.json")!.text()) : null;
    const jobs = byName.get("jobs.csv") ? parseCsv(await byName.get("jobs.csv")!.text()) : [];
    const cols = jobs.length ? Object.keys(jobs[0]).slice(0, 7) : [];
    out.innerHTML = `<table id="czml-counts"><tbody>${Object.entries(counts)
        .filter(([k, n]) => k !== "other" || n > 0).map(([k, n]) => `<tr><td>${k}</td><td>${n}</td></tr>`).join("")}</tbody></table>
      ${summary ? `<h2>Summary</h2><table><tbody>${Object.entries(summary).filter(([, x]) => typeof x !== "object").slice(0, 14)
        .map(([k, x]) => `<tr><td>${esc(k)}</td><td>${esc(x)}</td></tr>`).join("")}</tbody></table>` : ""}
      <h2>Jobs (${jobs.length})</h2><table id="offline-jobs"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead>
      <tbody>${jobs.slice(0, 200).map((j) => `<tr>${cols.map((c) => `<td>${esc(j[c])}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
    window.lagrange.offline = { counts, jobs: jobs.length };
    document.body.dataset.offline = "loaded";
  } catch (e) {
    $("#offline-error").textContent = `Could not open the run: ${(e as Error).message}`;
    document.body.dataset.offline = "failed";
  }
}

// --- start -----------------------------------------------------------------------------------

async function main() {
  globe = new Globe($("#globe"));
  window.lagrange.globe = globe;
  $("#legend").innerHTML = Object.entries(STATE_COLOURS).map(([k, c]) => `<span style="background:${c}"></span>${k}`).join("") +
    `<span style="background:red"></span>laser <span style="background:lime"></span>station/pass`;
  for (const b of document.querySelectorAll<HTMLButtonElement>("nav button")) b.addEventListener("click", () => show(b.dataset.view!));
  renderOffline();
  state.online = await serviceUp();
  if (!state.online) {
    for (const v of ["tenant", "operator"]) {
      $(`#view-${v}`).innerHTML = `<p class="muted">No Lagrange service behind this page: open a finished run instead.</p>`;
    }
    show("offline");
    document.body.dataset.state = "offline";
    return;
  }
  if (state.role && session.key) await afterSignIn().catch(() => signOut());
  else await afterSignIn();
  document.body.dataset.state = "ready";
}

void main();
