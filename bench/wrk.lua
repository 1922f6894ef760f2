-- wrk script for `make bench`: counts non-2xx responses in every thread and, when
-- the run is over, prints one line "BENCH_JSON {...}" that bench/run.py reads.
-- Latencies are in milliseconds.

-- BENCH_COOKIE, when set, goes with every request: the signed-in pass's session.

local threads = {}

local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
   wrk.headers["Cookie"] = cookie
end

function setup(thread)
   thread:set("non_2xx", 0)
   table.insert(threads, thread)
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
   end
end

local function ms(microseconds)
   return microseconds / 1000.0
end

function done(summary, latency, requests)
   local non_2xx_total = 0
   for _, thread in ipairs(threads) do
      non_2xx_total = non_2xx_total + thread:get("non_2xx")
   end
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, '
         .. '"mean_ms": %.3f, "p50_ms": %.3f, "p90_ms": %.3f, "p95_ms": %.3f, '
         .. '"p99_ms": %.3f, "max_ms": %.3f, "non_2xx": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, '
         .. '"timeout": %d}}\n',
      summary.requests, seconds, summary.requests / seconds, summary.bytes,
      ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)),
      ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
      non_2xx_total,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout
   ))
end
