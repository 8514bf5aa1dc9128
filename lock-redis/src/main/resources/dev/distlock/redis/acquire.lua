-- Acquires KEYS[1] for owner ARGV[1]; ARGV[2] is the TTL in milliseconds, "0" for a lock that never expires.
-- The server applies the TTL (PX), so application servers' clocks never matter.
-- Returns 1 if the owner holds the key now (newly, or already: then its expiry is left as it was), else 0.
local acquired
if ARGV[2] == '0' then
	acquired = redis.call('SET', KEYS[1], ARGV[1], 'NX')
else
	acquired = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
end
if acquired then
	return 1
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return 1
end
return 0
