-- Shared by every script that takes or frees a lock: prepended to each of them (see RedisLockScripts).
-- KEYS[1] the lock (a hash {owner, token, attempt}, expiring with the lock's TTL), KEYS[2] its slot's fence counter,
-- KEYS[3] the lock's line of waiters (a list of entry ids, first in line first) and KEYS[4] what each entry needs to
-- be handed the lock (a hash: entry id -> JSON {o owner, t TTL in ms or '0', a attempt id, d deadline in the server's
-- ms, c the channel of the waiter's process}). All four are on the lock's cluster slot.
local lock_key, fence_key, line_key, entries_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

-- The server's clock in microseconds: the only clock any expiry or deadline is measured with.
local function server_time()
	local time = redis.call('TIME')
	return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

-- Token: above every token of this slot's counter, and at least the server's clock in microseconds, so that tokens
-- still increase after a restart that lost the counter, as long as the server clock moved forward. Lua numbers are
-- doubles: exact up to 2^53, far above today's ~1.7e15; %.0f keeps them out of exponent notation.
local function new_token(now)
	local stored = redis.call('GET', fence_key)
	local last = 0
	if stored then
		last = tonumber(stored)
		if not last then
			error('fence counter ' .. fence_key .. ' is not a number')
		end
	end
	local token = string.format('%.0f', math.max(last + 1, now))
	redis.call('SET', fence_key, token)
	return token
end

-- Makes owner the holder of the free lock under a new token; ttl is in milliseconds, '0' for a lock without expiry.
local function take(owner, ttl, attempt, now)
	local token = new_token(now)
	redis.call('HSET', lock_key, 'owner', owner, 'token', token, 'attempt', attempt)
	if ttl ~= '0' then
		redis.call('PEXPIRE', lock_key, ttl)
	end
	return token
end

-- Sharded pub/sub reaches only the subscribers on the channel's slot; a Redis without it (before 7) gets plain.
local function announce(channel, message)
	if not pcall(redis.call, 'SPUBLISH', channel, message) then
		redis.call('PUBLISH', channel, message)
	end
end

-- Hands the free lock to the first entry in line whose wait time is not over, dropping those before it. Announces
-- the grant ("<entry id> <token>") on the entry's channel unless that is quiet_channel, the caller's own: the caller
-- learns of it from the reply. Returns the entry id, the token and the entry's channel; nil if nobody waits.
local function hand_off(now, quiet_channel)
	local now_ms = math.floor(now / 1000)
	while true do
		local id = redis.call('LPOP', line_key)
		if not id then
			return nil
		end
		local raw = redis.call('HGET', entries_key, id)
		redis.call('HDEL', entries_key, id)
		if raw then
			local entry = cjson.decode(raw)
			if entry.d > now_ms then
				local token = take(entry.o, entry.t, entry.a, now)
				if entry.c ~= quiet_channel then
					announce(entry.c, id .. ' ' .. token)
				end
				return id, token, entry.c
			end
		end
	end
end

-- Puts entry id in line, or updates it in place (keeping its place). The line expires a little after the last
-- deadline it holds, so that waiters that vanished leave nothing behind.
local function join(id, owner, ttl, attempt, wait_ms, channel, now)
	local wait = tonumber(wait_ms)
	if redis.call('HEXISTS', entries_key, id) == 0 then
		redis.call('RPUSH', line_key, id)
	end
	redis.call('HSET', entries_key, id,
		cjson.encode({o = owner, t = ttl, a = attempt, d = math.floor(now / 1000) + wait, c = channel}))
	local keep = wait + 1000
	if redis.call('PTTL', line_key) < keep then
		redis.call('PEXPIRE', line_key, keep)
		redis.call('PEXPIRE', entries_key, keep)
	end
end

-- Takes entry id out of line, wherever it is.
local function leave_line(id)
	if redis.call('HDEL', entries_key, id) == 1 then
		redis.call('LREM', line_key, 1, id)
	end
end

