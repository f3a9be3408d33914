-- wrk script: each request asks for the next path of a file (one path per line), each
-- thread starting at its own place in the list, so that the threads do not ask for the
-- same paths in step.
-- Usage: wrk ... http://host:port -s bench/paths.lua -- paths.txt
local threads = 0

function setup(thread)
  thread:set("thread_number", threads)
  threads = threads + 1
end

local paths = {}
local position = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  position = ((thread_number or 0) * 37) % #paths
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end
