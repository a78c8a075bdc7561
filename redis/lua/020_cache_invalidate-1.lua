--[[
cache_invalidate-1.lua — invalidate every cached result of a namespace in O(1) (RED-1).

Requirement: RED-1 (invalidation).
Why: entries carry the namespace version in their key, so bumping the version makes all older entries
unreachable at once (they expire by their TTL or are evicted); no SCAN/DEL over many keys is needed.

KEYS[1]  namespace version key   ps:{<namespace>}:ver
ARGV     none

Returns the new version number.
]]
return redis.call('INCR', KEYS[1])
