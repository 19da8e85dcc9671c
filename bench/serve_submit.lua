-- wrk script: POST /v1/jobs with one small compute job, as the tenant whose key is in the
-- environment variable LAGRANGE_KEY (bench/serve_load.sh sets it). Counts answers by status.
wrk.method = "POST"
wrk.path = "/v1/jobs"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LAGRANGE_KEY")
wrk.body = '{"kind": "compute_job", "operations": 1e12, "input_bytes": 1e5, ' ..
           '"output_bytes": 1e5, "from": "' .. (os.getenv("LAGRANGE_STATION") or "Svalbard-SvalSat") .. '"}'

-- LAGRANGE_DELAY_MS: each connection waits this long between requests (an offered rate of
-- connections x 1000 / delay per second); unset, it sends as fast as answers come.
local pause = tonumber(os.getenv("LAGRANGE_DELAY_MS") or "0")

function delay()
  return pause
end

local statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for status, n in pairs(c) do statuses[status] = (statuses[status] or 0) + n end
  end
  for status, n in pairs(statuses) do
    io.write(string.format("status %d: %d\n", status, n))
  end
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         latency.max / 1000))
end
