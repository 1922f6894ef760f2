-- wrk script for the soak (bench/soak.py): cycles through the paths in the file
-- SOAK_PATHS (one a line), every other request carrying the fan's cookie
-- SOAK_COOKIE (always for /feed/, /my/ and /api/v1/me/, which need it), counts
-- statuses by class in every thread and, when the run is over, prints one line
-- "SOAK_JSON {...}". Latencies are in milliseconds.

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   thread:set("s2xx", 0)
   thread:set("s3xx", 0)
   thread:set("s4xx", 0)
   thread:set("s5xx", 0)
   thread:set("sother", 0)
   thread:set("signed_in", 0)
   table.insert(threads, thread)
end

local paths = {}
local cookie = os.getenv("SOAK_COOKIE") or ""
local n = 0

local function signed_in_only(path)
   return path:sub(1, 6) == "/feed/" or path:sub(1, 4) == "/my/"
      or path:sub(1, 11) == "/api/v1/me/"
end

function init(args)
   local file = assert(io.open(os.getenv("SOAK_PATHS"), "r"))
   for line in file:lines() do
      line = line:gsub("^%s+", ""):gsub("%s+$", "")
      if line ~= "" and line:sub(1, 1) ~= "#" then
         table.insert(paths, line)
      end
   end
   file:close()
   assert(#paths > 0, "SOAK_PATHS lists no path")
   -- Threads start at different places in the cycle.
   n = id * 7
end

function request()
   local index = n % #paths
   -- The cookie alternates every request and every round, so that each path is
   -- asked for signed in and signed out alike, whatever the number of paths.
   local round = math.floor(n / #paths)
   local path = paths[index + 1]
   n = n + 1
   if cookie ~= "" and (signed_in_only(path) or (n + round) % 2 == 0) then
      signed_in = signed_in + 1
      return wrk.format("GET", path, {["Cookie"] = cookie})
   end
   return wrk.format("GET", path)
end

function response(status, headers, body)
   if status >= 200 and status < 300 then
      s2xx = s2xx + 1
   elseif status >= 300 and status < 400 then
      s3xx = s3xx + 1
   elseif status >= 400 and status < 500 then
      s4xx = s4xx + 1
   elseif status >= 500 and status < 600 then
      s5xx = s5xx + 1
   else
      sother = sother + 1
   end
end

local function ms(microseconds)
   return microseconds / 1000.0
end

function done(summary, latency, requests)
   local total = {s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0, sother = 0, signed_in = 0}
   for _, thread in ipairs(threads) do
      for key, _ in pairs(total) do
         total[key] = total[key] + thread:get(key)
      end
   end
   local seconds = summary.duration / 1e6
   local errors = summary.errors
   io.write(string.format(
      'SOAK_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, '
         .. '"mean_ms": %.3f, "p50_ms": %.3f, "p90_ms": %.3f, "p95_ms": %.3f, '
         .. '"p99_ms": %.3f, "max_ms": %.3f, "signed_in_requests": %d, '
         .. '"statuses": {"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d, "other": %d}, '
         .. '"not_2xx_3xx": %d, '
         .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, '
         .. '"timeout": %d}}\n',
      summary.requests, seconds, summary.requests / seconds, summary.bytes,
      ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)),
      ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
      total.signed_in,
      total.s2xx, total.s3xx, total.s4xx, total.s5xx, total.sother,
      total.s4xx + total.s5xx + total.sother,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout
   ))
end
