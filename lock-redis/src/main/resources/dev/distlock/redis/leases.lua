-- Shared by the semaphore and read-write lock scripts: prepended to each of them (see RedisLeaseScripts).
-- A set of leases of one kind is a sorted set (owner -> expiry in the server's milliseconds, 'inf' for a lease that
-- never expires) plus, in the key's data hash, each owner's fencing token (field kind .. 't:' .. owner) and attempt id
-- (kind .. 'a:' .. owner). Every key a script touches carries the same hash tag: one cluster slot per semaphore or
-- read-write lock, its fence counter included.

-- The server's clock, read once per script: the only clock any expiry is measured with.
local server_clock = redis.call('TIME')
local now_us = tonumber(server_clock[1]) * 1000000 + tonumber(server_clock[2])
local now = math.floor(now_us / 1000)

-- Integers as Redis arguments: %.0f keeps large ones out of exponent notation (exact up to 2^53).
local function num(n)
	return string.format('%.0f', n)
end

local NEVER = 'inf'

local function is_never(score)
	return score == 'inf' or score == '+inf'
end

-- Remaining time of a lease in ms, -1 for one that never expires.
local function remaining(score)
	if is_never(score) then
		return -1
	end
	return tonumber(score) - now
end

-- The same token sequence as the locks' (line.lua): one counter per cluster slot, and at least the server's clock in
-- microseconds, so tokens strictly increase per key across releases, expiries and a restart that lost the counter.
local function new_token(fence_key)
	local stored = redis.call('GET', fence_key)
	local last = 0
	if stored then
		last = tonumber(stored)
		if not last then
			error('fence counter ' .. fence_key .. ' is not a number')
		end
	end
	local token = num(math.max(last + 1, now_us))
	redis.call('SET', fence_key, token)
	return token
end

-- Drops the expired leases of sorted set z (live means expiry > now); returns how many.
local function purge(data, z, kind)
	local gone = redis.call('ZRANGEBYSCORE', z, '-inf', num(now))
	for _, owner in ipairs(gone) do
		redis.call('HDEL', data, kind .. 't:' .. owner, kind .. 'a:' .. owner)
	end
	if #gone > 0 then
		redis.call('ZREMRANGEBYSCORE', z, '-inf', num(now))
	end
	return #gone
end

-- The owner's lease: token, attempt and expiry score; nil if it has none.
local function lease(data, z, kind, owner)
	local score = redis.call('ZSCORE', z, owner)
	if not score then
		return nil
	end
	local fields = redis.call('HMGET', data, kind .. 't:' .. owner, kind .. 'a:' .. owner)
	return fields[1] or '0', fields[2] or '0', score
end

-- A new lease under a new token; ttl in ms, '0' for one that never expires. Returns the token and the remaining ms.
local function grant(data, z, fence_key, kind, owner, ttl, attempt)
	local token = new_token(fence_key)
	if ttl == '0' then
		redis.call('ZADD', z, '+inf', owner)
	else
		redis.call('ZADD', z, num(now + tonumber(ttl)), owner)
	end
	redis.call('HSET', data, kind .. 't:' .. owner, token, kind .. 'a:' .. owner, attempt)
	return token, (ttl == '0') and -1 or tonumber(ttl)
end

local function drop(data, z, kind, owner)
	redis.call('ZREM', z, owner)
	redis.call('HDEL', data, kind .. 't:' .. owner, kind .. 'a:' .. owner)
end

-- The owner found its own lease: the attempt that created it may no longer undo it. Status 1 (already held).
local function adopt(data, kind, owner, token, attempt, score)
	if attempt ~= '0' then
		redis.call('HSET', data, kind .. 'a:' .. owner, '0')
	end
	return {1, token, remaining(score)}
end

-- Frees the owner's lease if it has token ('0': any). Returns 1 freed, 0 none, 2 another token.
local function release(data, z, kind, owner, token)
	local held = lease(data, z, kind, owner)
	if not held then
		return 0
	end
	if token ~= '0' and held ~= token then
		return 2
	end
	drop(data, z, kind, owner)
	return 1
end

-- Frees the owner's lease only if attempt created it. Returns 1 freed, 0 not.
local function undo(data, z, kind, owner, attempt)
	local held, held_attempt = lease(data, z, kind, owner)
	if not held or held_attempt ~= attempt then
		return 0
	end
	drop(data, z, kind, owner)
	return 1
end

-- Lets the owner's lease (with token, '0': any) expire ttl ms from now. A lease without expiry gets one only if
-- also_never (a release later), else status 3. Returns 1 done, 0 none, 2 another token, 3 never expires.
local function expire_after(data, z, kind, owner, token, ttl, also_never)
	local held, _, score = lease(data, z, kind, owner)
	if not held then
		return 0
	end
	if token ~= '0' and held ~= token then
		return 2
	end
	if is_never(score) and not also_never then
		return 3
	end
	redis.call('ZADD', z, 'XX', num(now + tonumber(ttl)), owner)
	return 1
end

-- The latest expiry in the sorted sets: nil if all are empty, NEVER if a lease never expires.
local function latest(zsets)
	local max = nil
	for _, z in ipairs(zsets) do
		local top = redis.call('ZRANGE', z, -1, -1, 'WITHSCORES')
		if top[2] then
			if is_never(top[2]) then
				return NEVER
			end
			local score = tonumber(top[2])
			if not max or score > max then
				max = score
			end
		end
	end
	return max
end

-- Lets every key of the semaphore or lock live exactly until its last lease or intent ends: nothing piles up.
local function settle(keys, zsets)
	local last = latest(zsets)
	if not last then
		redis.call('DEL', unpack(keys))
	elseif last == NEVER then
		for _, key in ipairs(keys) do
			redis.call('PERSIST', key)
		end
	else
		for _, key in ipairs(keys) do
			redis.call('PEXPIREAT', key, num(last))
		end
	end
end

-- Tells waiters anywhere that freed leases of key are free ("<count> <key>"), with sharded pub/sub on the key's
-- slot (plain PUBLISH on a Redis before 7). Never an owner in the message.
local function announce(channel, freed, key)
	if freed > 0 then
		local message = freed .. ' ' .. key
		if not pcall(redis.call, 'SPUBLISH', channel, message) then
			redis.call('PUBLISH', channel, message)
		end
	end
end
