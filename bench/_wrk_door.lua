-- wrk script of bench/checkin_rush.py: POST a JSON scan as the door's scanner page does.
--
--   wrk -t T -c 16 -d 10s -s bench/_wrk_door.lua http://127.0.0.1:PORT -- CODES OCCURRENCE PATH RUN T
--       -H "Cookie: sessionid=…; csrftoken=…" -H "X-CSRFToken: …"
--
-- CODES is a file with one ticket code a line. wrk thread number i sends lines i, i+T, i+2T, … in
-- order (its connections take turns), starting over when they run out. Every request has a nonce of
-- its own. done() prints the figures as one line "WRK_JSON {…}" (times in microseconds) for Python.

local next_thread = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  codes_file, occurrence, path, run, threads = args[1], args[2], args[3], args[4], tonumber(args[5])
  codes = {}
  local line_number = 0
  for line in io.lines(codes_file) do
    if line_number % threads == thread_number then
      codes[#codes + 1] = line
    end
    line_number = line_number + 1
  end
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  sent = sent + 1
  local code = codes[(sent - 1) % #codes + 1]
  local body = string.format('{"occurrence": %s, "code": "%s", "nonce": "%s-%d-%d"}',
                             occurrence, code, run, thread_number, sent)
  return wrk.format(nil, path, nil, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d,'
      .. ' "mean_us": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
