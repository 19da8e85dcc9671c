// The service's HTTP API (docs/service.md) with the key kept in sessionStorage.
import { SseParser, type SseEvent } from "./model";

const KEY = "lagrange.key";

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export const session = {
  get key(): string {
    return sessionStorage.getItem(KEY) ?? "";
  },
  set key(k: string) {
    if (k) sessionStorage.setItem(KEY, k);
    else sessionStorage.removeItem(KEY);
  },
};

export async function api<T>(path: string, init: RequestInit = {}, key = session.key): Promise<T> {
  const headers = new Headers(init.headers);
  if (key) headers.set("Authorization", `Bearer ${key}`);
  if (init.body) headers.set("Content-Type", "application/json");
  const res = await fetch(path, { ...init, headers });
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, body?.detail ?? body?.title ?? `HTTP ${res.status}`);
  return body as T;
}

// Is there a service behind this page (else: offline mode only)?
export async function serviceUp(): Promise<boolean> {
  try {
    const res = await fetch("/healthz");
    return res.ok && (res.headers.get("Content-Type") ?? "").includes("json");
  } catch {
    return false;
  }
}

// The caller's job transitions over SSE (fetch, since EventSource cannot send a key);
// reconnects with Last-Event-ID until `signal` aborts.
export async function streamEvents(
  onEvent: (e: SseEvent) => void,
  signal: AbortSignal,
  key = session.key,
): Promise<void> {
  let last = "";
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
      if (last) headers["Last-Event-ID"] = last;
      const res = await fetch("/v1/events", { headers, signal });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const e of parser.feed(value)) {
          if (e.id) last = e.id;
          onEvent(e);
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
