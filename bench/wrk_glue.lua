-- wrk_glue.lua -- wrk script for `make bench`: Glue JSON POSTs from a file of bodies, every answer checked.
--
--   wrk -t2 -c16 -d3s -s bench/wrk_glue.lua URL -- OPERATION BODIES MARKER MAX_PER_THREAD [HEADERS]
--
-- OPERATION  the Glue operation, sent as X-Amz-Target: AWSGlue.OPERATION; or GET, and then
--            each line of BODIES is a path to GET (the Iceberg front's loadTable, ...)
-- BODIES     a file with one JSON request body per line; each thread sends them round
--            robin, starting at a different line, so no single key is asked over and over
-- MARKER     text every good answer contains (e.g. "Table": or "Partition":)
-- MAX_PER_THREAD  a thread stops after this many answers (bounds the run in count; -d bounds it
--            in time)
-- HEADERS    optional: a file of more request headers, one "Name: value" a line (e.g. a SigV4
--            Authorization and X-Amz-Date signed once for the one body in BODIES)
-- Requests are built once, in init(). An answer is bad when its status is not 200 or its
-- body lacks MARKER; done() prints one line the driver reads:
--   WRK {"requests": N, "bad": N, "first_bad": "...", "secs": S, "rate": R, "p50_ms": ...,
--        "p99_ms": ..., "errors": N}

local threads = {}
local nthreads = 0

function setup(thread)
   thread:set("tid", nthreads)
   nthreads = nthreads + 1
   table.insert(threads, thread)
end

function init(args)
   local op, path, max = args[1], args[2], tonumber(args[4])
   marker = args[3]
   limit = max or 1e12
   answers = 0
   bad = 0
   first_bad = ""
   reqs = {}
   local headers = {
      ["Content-Type"] = "application/x-amz-json-1.1",
      ["X-Amz-Target"] = "AWSGlue." .. op,
   }
   get_headers = {}
   if args[5] then
      local hf = assert(io.open(args[5], "r"))
      for line in hf:lines() do
         local name, value = line:match("^([^:]+):%s*(.*)$")
         if name then
            headers[name] = value
            get_headers[name] = value
         end
      end
      hf:close()
   end
   local f = assert(io.open(path, "r"))
   for line in f:lines() do
      if #line > 0 and op == "GET" then
         reqs[#reqs + 1] = wrk.format("GET", line, get_headers)
      elseif #line > 0 then
         reqs[#reqs + 1] = wrk.format("POST", "/", headers, line)
      end
   end
   f:close()
   assert(#reqs > 0, "no request bodies in " .. path)
   -- threads start at different places in the list
   nreqs = #reqs
   next_req = (tid * math.floor(nreqs / 2 + 1)) % nreqs + 1
end

function request()
   local r = reqs[next_req]
   next_req = next_req + 1
   if next_req > nreqs then
      next_req = 1
   end
   return r
end

function response(status, headers, body)
   answers = answers + 1
   if status ~= 200 or not string.find(body, marker, 1, true) then
      bad = bad + 1
      if first_bad == "" then
         first_bad = status .. " " .. string.sub(body, 1, 200)
      end
   end
   if answers >= limit then
      wrk.thread:stop()
   end
end

local function json_str(s)
   return '"' .. s:gsub('[%c"\\]', function(c)
      return string.format("\\u%04x", string.byte(c))
   end) .. '"'
end

function done(summary, latency, requests)
   local nbad, fb = 0, ""
   for _, t in ipairs(threads) do
      nbad = nbad + t:get("bad")
      if fb == "" then
         fb = t:get("first_bad")
      end
   end
   local e = summary.errors
   local secs = summary.duration / 1e6
   io.write(string.format(
      'WRK {"requests": %d, "bad": %d, "first_bad": %s, "secs": %.3f, "rate": %.1f, ' ..
      '"p50_ms": %.3f, "p99_ms": %.3f, "errors": %d}\n',
      summary.requests, nbad, json_str(fb), secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      e.connect + e.read + e.write + e.status + e.timeout))
end
