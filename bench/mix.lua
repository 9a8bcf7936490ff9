-- wrk script: a mix of anonymous public pages on a hub of 10,000 organisations.
-- BENCH_SLUGS (space-separated profile slugs) is set by bench/run.sh.
-- Each thread draws from a fixed seed so runs are comparable.
local paths = {}
local counter = 0

init = function(args)
  counter = counter + 1
  paths = {}
  for n = 1, 100 do
    paths[#paths + 1] = "/en/members?page=" .. n
  end
  for _ = 1, 10 do
    paths[#paths + 1] = "/ko/members?continent=AS"
    paths[#paths + 1] = "/en/members/stats"
    paths[#paths + 1] = "/en/"
  end
  for slug in string.gmatch(os.getenv("BENCH_SLUGS") or "", "%S+") do
    for _ = 1, 4 do
      paths[#paths + 1] = "/en/members/" .. slug
    end
  end
  math.randomseed(20261124 + counter)
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\n",
    summary.requests, summary.duration, summary.bytes,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
