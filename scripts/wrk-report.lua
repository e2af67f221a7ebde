-- wrk: count answers by status class in every thread, print one summary line (scripts/load).
-- With URLS set (a file of paths, one a line), each request takes the next path from it.
local threads = {}
local paths = nil
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok2, limited, s4, s5 = 0, 0, 0, 0
  local file = os.getenv("URLS")
  if file and file ~= "" then
    paths = {}
    for line in io.lines(file) do table.insert(paths, line) end
  end
end

function request()
  if paths then
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
  end
  return wrk.format()
end

function response(status, headers, body)
  if status < 400 then ok2 = ok2 + 1
  elseif status == 429 then limited = limited + 1
  elseif status < 500 then s4 = s4 + 1
  else s5 = s5 + 1 end
end

function done(summary, latency, requests)
  local ok, lim, c4, c5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("ok2"); lim = lim + t:get("limited")
    c4 = c4 + t:get("s4"); c5 = c5 + t:get("s5")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT rps=%.1f p50=%.1f p95=%.1f p99=%.1f ok=%d limited=%d c4xx=%d c5xx=%d socket=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    ok, lim, c4, c5, socket))
end
