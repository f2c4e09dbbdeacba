-- wrk script: GET /api/v1/track/{code} for codes picked at random from a file (one a line).
--   wrk -t 2 -c 16 -d 15s -s track_codes.lua http://127.0.0.1:PORT -- codes.txt
-- With "health" instead of a file it asks for /health/ (the app's floor: middleware, SELECT 1).
-- At the end it prints one line "BENCH {json}" that tracking_load.py reads.

local codes = {}
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  if args[1] == "health" then
    return
  end
  for line in io.lines(args[1]) do
    if #line > 0 then
      codes[#codes + 1] = line
    end
  end
  math.randomseed(os.time() * 1000 + id)
end

function request()
  if #codes == 0 then
    return wrk.format("GET", "/health/")
  end
  local code = codes[math.random(#codes)]
  return wrk.format("GET", "/api/v1/track/" .. code)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "mean_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50.0), latency:percentile(99.0), latency.mean))
end
