-- A read-write lock's operations; appended to leases.lua, and each script ends with the call of one operation (see
-- RedisLeaseScripts). KEYS: per lock its data hash (each hold's token and attempt), its read holds and its write hold
-- (sorted sets, see leases.lua; kinds 'r' and 'w'), and the intents to write (a sorted set owner -> end of the intent
-- in the server's ms); for acquire also the slot's fence counter. ARGV[1] is the lock's key and ARGV[2] its slot's
-- release channel, for the announcement of released holds (and withdrawn or expired intents, which may let readers
-- in). Mode arguments are 'r' or 'w'.
-- Replies: acquire {status, token, remaining ms (-1 none or unknown)}: 0 acquired, 1 already held (adopted),
-- 2 refused, 3 a write by an owner that reads (an upgrade: refused, nothing changed); the updates 1 done, 0 not held, 2 another token, 3 never expires.

local function zset_of(mode, reads, writes)
	return (mode == 'r') and reads or writes
end

local function purge_lock(data, reads, writes, intents)
	local freed = purge(data, reads, 'r') + purge(data, writes, 'w')
	return freed + redis.call('ZREMRANGEBYSCORE', intents, '-inf', num(now))
end

local function settle_lock(data, reads, writes, intents, channel, key, freed)
	settle({data, reads, writes, intents}, {reads, writes, intents})
	announce(channel, freed, key)
end

-- The write hold's owner and expiry score, or nil.
local function writer(writes)
	local held = redis.call('ZRANGE', writes, 0, 0, 'WITHSCORES')
	return held[1], held[2]
end

local function read(data, reads, writes, intents, fence, owner, ttl, attempt)
	local token, held_attempt, score = lease(data, reads, 'r', owner)
	if token then
		return adopt(data, 'r', owner, token, held_attempt, score)
	end
	local writing, writing_score = writer(writes)
	local writes_itself = (writing == owner)
	if writing and not writes_itself then
		return {2, '0', remaining(writing_score)}
	end
	if not writes_itself then
		-- Another owner's intent keeps the read out until the last such intent ends (or is withdrawn, which is
		-- announced): that end is the time to ask again by, since an intent that just runs out is announced by
		-- nobody.
		local last = redis.call('ZREVRANGE', intents, 0, 1, 'WITHSCORES')
		if last[1] == owner then
			last = {last[3], last[4]}
		end
		if last[1] then
			return {2, '0', tonumber(last[2]) - now}
		end
	end
	local granted, left = grant(data, reads, fence, 'r', owner, ttl, attempt)
	return {0, granted, left}
end

local function write(data, reads, writes, intents, fence, owner, ttl, attempt, queue_for)
	local writing, writing_score = writer(writes)
	if writing == owner then
		redis.call('ZREM', intents, owner)
		local token, held_attempt = lease(data, writes, 'w', owner)
		return adopt(data, 'w', owner, token, held_attempt, writing_score)
	end
	if redis.call('ZSCORE', reads, owner) then
		-- An upgrade would wait for itself: refused at once, and no intent recorded.
		return {3, '0', -1}
	end
	if writing or redis.call('ZCARD', reads) > 0 then
		if queue_for ~= '' then
			redis.call('ZADD', intents, num(now + tonumber(queue_for)), owner)
		end
		local last = latest({reads, writes})
		return {2, '0', (last == NEVER) and -1 or (last - now)}
	end
	redis.call('ZREM', intents, owner)
	local granted, left = grant(data, writes, fence, 'w', owner, ttl, attempt)
	return {0, granted, left}
end

-- ARGV[3] mode, ARGV[4] owner, ARGV[5] TTL in ms ('0': none), ARGV[6] attempt id, ARGV[7] for a write how long the
-- intent lives if refused, in ms ('': leave none).
local function acquire()
	local data, reads, writes, intents, fence = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
	local freed = purge_lock(data, reads, writes, intents)
	local reply
	if ARGV[3] == 'r' then
		reply = read(data, reads, writes, intents, fence, ARGV[4], ARGV[5], ARGV[6])
	else
		reply = write(data, reads, writes, intents, fence, ARGV[4], ARGV[5], ARGV[6], ARGV[7])
	end
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed)
	return reply
end

-- ARGV[3] owner. Withdrawing an intent may let readers in: announced.
local function leave_queue()
	local data, reads, writes, intents = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
	local freed = purge_lock(data, reads, writes, intents)
	freed = freed + redis.call('ZREM', intents, ARGV[3])
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed)
	return 1
end

-- ARGV[3] mode, ARGV[4] owner, ARGV[5] attempt id. Returns 1 freed, 0 not.
local function undo_acquire()
	local data, reads, writes, intents = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
	local freed = purge_lock(data, reads, writes, intents)
	local done = undo(data, zset_of(ARGV[3], reads, writes), ARGV[3], ARGV[4], ARGV[5])
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed + done)
	return done
end

-- ARGV[3] mode, ARGV[4] owner, ARGV[5] token ('0': any).
local function release_hold()
	local data, reads, writes, intents = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
	local freed = purge_lock(data, reads, writes, intents)
	local status = release(data, zset_of(ARGV[3], reads, writes), ARGV[3], ARGV[4], ARGV[5])
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed + ((status == 1) and 1 or 0))
	return status
end

-- ARGV[3] mode, ARGV[4] owner, ARGV[5] token ('0': any), ARGV[6] remaining ms; also for a hold without expiry.
local function release_after()
	local data, reads, writes, intents = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
	local freed = purge_lock(data, reads, writes, intents)
	local status = expire_after(data, zset_of(ARGV[3], reads, writes), ARGV[3], ARGV[4], ARGV[5], ARGV[6], true)
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed)
	return status
end

-- A batch of one mode, ARGV[1]: KEYS in fours (data, reads, writes, intents), then ARGV in fives from ARGV[2] (key,
-- channel, owner, token, TTL in ms). One status each.
local function refresh_all()
	local mode = ARGV[1]
	local results = {}
	for i = 1, #KEYS / 4 do
		local data, reads, writes, intents = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
		local a = 1 + 5 * (i - 1)
		local freed = purge_lock(data, reads, writes, intents)
		results[i] = expire_after(data, zset_of(mode, reads, writes), mode, ARGV[a + 3], ARGV[a + 4], ARGV[a + 5],
			false)
		settle_lock(data, reads, writes, intents, ARGV[a + 2], ARGV[a + 1], freed)
	end
	return results
end

-- Frees every hold and withdraws every intent. Returns how many live holds were freed.
local function force_release_all()
	local data, reads, writes, intents = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
	local freed = purge_lock(data, reads, writes, intents)
	local live = redis.call('ZCARD', reads) + redis.call('ZCARD', writes)
	freed = freed + redis.call('ZCARD', intents)
	redis.call('DEL', data, reads, writes, intents)
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed + live)
	return live
end

-- Returns {live intents, 1 and the writer's owner, token, remaining ms (or 0, '', '0', 0), then owner, token,
-- remaining ms per read hold}.
local function holders()
	local data, reads, writes, intents = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
	local freed = purge_lock(data, reads, writes, intents)
	local reply = {redis.call('ZCARD', intents), 0, '', '0', 0}
	local writing, writing_score = writer(writes)
	if writing then
		reply[2] = 1
		reply[3] = writing
		reply[4] = redis.call('HGET', data, 'wt:' .. writing) or '0'
		reply[5] = remaining(writing_score)
	end
	local live = redis.call('ZRANGE', reads, 0, -1, 'WITHSCORES')
	for i = 1, #live, 2 do
		reply[#reply + 1] = live[i]
		reply[#reply + 1] = redis.call('HGET', data, 'rt:' .. live[i]) or '0'
		reply[#reply + 1] = remaining(live[i + 1])
	end
	settle_lock(data, reads, writes, intents, ARGV[2], ARGV[1], freed)
	return reply
end
