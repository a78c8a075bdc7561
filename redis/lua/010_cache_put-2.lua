--[[
cache_put-2.lua — store a cached result only if its namespace was not invalidated meanwhile (RED-1).

Requirement: RED-1 (cache and temporary-results store, invalidation).
Why: a result computed from version N of a namespace must not be written after someone bumped the
namespace to N+1 (the data it was computed from changed); without this check a slow computation could
put a stale answer back into the cache right after the invalidation.

KEYS[1]  namespace version key   ps:{<namespace>}:ver          (string holding an integer; absent = 0)
KEYS[2]  entry key               ps:{<namespace>}:v<N>:<hash>  (string holding the JSON result)
ARGV[1]  version N the caller read before computing
ARGV[2]  value to store
ARGV[3]  time to live in seconds (> 0)

Returns 1 when stored, 0 when the namespace moved on (the value was dropped).
Both keys share the hash tag {<namespace>}, so the script is valid on a Redis Cluster.
]]
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = tonumber(ARGV[3])
if not ttl or ttl <= 0 then
  return redis.error_reply('ERR ttl must be a positive number of seconds')
end
if current ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ttl)
return 1
