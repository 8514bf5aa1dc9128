-- A semaphore's operations; appended to leases.lua, and each script ends with the call of one operation (see
-- RedisLeaseScripts). KEYS: per semaphore its data hash (field '#limit' the recorded limit, plus each slot's token and
-- attempt) and its slots (a sorted set, see leases.lua); for acquire also the slot's fence counter. ARGV[1] is the
-- semaphore's key and ARGV[2] its slot's release channel, for the announcement of freed slots.
-- Replies: acquire {status, token, remaining ms (-1 none)}: 0 acquired, 1 already held (adopted), 2 all slots taken
-- (remaining: the soonest slot's), 3 live slots under another limit, checked first, also for an owner holding one
-- (remaining: that limit); the updates 1 done,
-- 0 not held, 2 another token, 3 never expires.

local function settle_semaphore(data, slots, channel, key, freed)
	settle({data, slots}, {slots})
	announce(channel, freed, key)
end

-- ARGV[3] owner, ARGV[4] limit, ARGV[5] TTL in ms ('0': none), ARGV[6] attempt id.
local function acquire()
	local data, slots, fence = KEYS[1], KEYS[2], KEYS[3]
	local owner, limit, ttl, attempt = ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
	local freed = purge(data, slots, 's')
	local reply
	local taken = redis.call('ZCARD', slots)
	local recorded = tonumber(redis.call('HGET', data, '#limit') or '0')
	-- The limit first: also an owner that holds a slot learns that it asks under another limit.
	if taken > 0 and recorded ~= limit then
		reply = {3, '0', recorded}
	else
		local token, held_attempt, score = lease(data, slots, 's', owner)
		if token then
			reply = adopt(data, 's', owner, token, held_attempt, score)
		elseif taken >= limit then
			local soonest = redis.call('ZRANGE', slots, 0, 0, 'WITHSCORES')
			reply = {2, '0', remaining(soonest[2])}
		else
			redis.call('HSET', data, '#limit', ARGV[4])
			local granted, left = grant(data, slots, fence, 's', owner, ttl, attempt)
			reply = {0, granted, left}
		end
	end
	settle_semaphore(data, slots, ARGV[2], ARGV[1], freed)
	return reply
end

-- ARGV[3] owner, ARGV[4] attempt id. Returns 1 freed, 0 not.
local function undo_acquire()
	local data, slots = KEYS[1], KEYS[2]
	local freed = purge(data, slots, 's')
	local done = undo(data, slots, 's', ARGV[3], ARGV[4])
	settle_semaphore(data, slots, ARGV[2], ARGV[1], freed + done)
	return done
end

-- ARGV[3] owner, ARGV[4] token ('0': any).
local function release_slot()
	local data, slots = KEYS[1], KEYS[2]
	local freed = purge(data, slots, 's')
	local status = release(data, slots, 's', ARGV[3], ARGV[4])
	settle_semaphore(data, slots, ARGV[2], ARGV[1], freed + ((status == 1) and 1 or 0))
	return status
end

-- ARGV[3] owner, ARGV[4] token ('0': any), ARGV[5] remaining ms; also for a slot without expiry.
local function release_after()
	local data, slots = KEYS[1], KEYS[2]
	local freed = purge(data, slots, 's')
	local status = expire_after(data, slots, 's', ARGV[3], ARGV[4], ARGV[5], true)
	settle_semaphore(data, slots, ARGV[2], ARGV[1], freed)
	return status
end

-- A batch: KEYS in pairs (data, slots), ARGV in fives (key, channel, owner, token, TTL in ms). One status each.
local function refresh_all()
	local results = {}
	for i = 1, #KEYS / 2 do
		local data, slots = KEYS[2 * i - 1], KEYS[2 * i]
		local a = 5 * (i - 1)
		local freed = purge(data, slots, 's')
		results[i] = expire_after(data, slots, 's', ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], false)
		settle_semaphore(data, slots, ARGV[a + 2], ARGV[a + 1], freed)
	end
	return results
end

-- Frees every slot and forgets the limit. Returns how many live slots were freed.
local function force_release_all()
	local data, slots = KEYS[1], KEYS[2]
	local freed = purge(data, slots, 's')
	local live = redis.call('ZCARD', slots)
	redis.call('DEL', data, slots)
	announce(ARGV[2], freed + live, ARGV[1])
	return live
end

-- Returns {limit, then owner, token, remaining ms per live slot}; limit 0 when none.
local function holders()
	local data, slots = KEYS[1], KEYS[2]
	local freed = purge(data, slots, 's')
	local live = redis.call('ZRANGE', slots, 0, -1, 'WITHSCORES')
	local reply = {0}
	if #live > 0 then
		reply[1] = tonumber(redis.call('HGET', data, '#limit') or '0')
	end
	for i = 1, #live, 2 do
		local owner = live[i]
		reply[#reply + 1] = owner
		reply[#reply + 1] = redis.call('HGET', data, 'st:' .. owner) or '0'
		reply[#reply + 1] = remaining(live[i + 1])
	end
	settle_semaphore(data, slots, ARGV[2], ARGV[1], freed)
	return reply
end
