-- Acquires lock KEYS[1] for owner ARGV[1] under a new fencing token drawn from counter KEYS[2] (same slot).
-- ARGV[2] is the TTL in milliseconds, "0" for a lock that never expires; ARGV[3] the attempt id, stored with the hold.
-- The lock is a hash {owner, token, attempt}; the server applies the TTL (PEXPIRE), so callers' clocks never matter.
-- Returns {status, token, pttl}: status 0 acquired, 1 already held by this owner (adopted: its attempt is cleared, so
-- no undo frees it; nothing else changes), 2 held by another
-- (token '0'); pttl is the hold's remaining time in milliseconds, -1 for none.
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'none' then
	local pttl = redis.call('PTTL', KEYS[1])
	if kind == 'hash' then
		local holder = redis.call('HMGET', KEYS[1], 'owner', 'token', 'attempt')
		if holder[1] == ARGV[1] and holder[2] then
			-- Whoever finds its own hold adopts it: the attempt that created it may no longer undo it.
			if holder[3] ~= '0' then
				redis.call('HSET', KEYS[1], 'attempt', '0')
			end
			return {1, holder[2], pttl}
		end
	end
	-- Another owner; or a lock of the previous version (a string): held by someone else all the same.
	return {2, '0', pttl}
end
-- Token: above every token of this slot's counter, and at least the server's clock in microseconds, so that tokens
-- still increase after a restart that lost the counter, as long as the server clock moved forward. Lua numbers are
-- doubles: exact up to 2^53, far above today's ~1.7e15; %.0f keeps them out of exponent notation.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local stored = redis.call('GET', KEYS[2])
local last = 0
if stored then
	last = tonumber(stored)
	if not last then
		return redis.error_reply('fence counter ' .. KEYS[2] .. ' is not a number')
	end
end
local token = string.format('%.0f', math.max(last + 1, now))
redis.call('SET', KEYS[2], token)
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'token', token, 'attempt', ARGV[3])
if ARGV[2] ~= '0' then
	redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return {0, token, redis.call('PTTL', KEYS[1])}
