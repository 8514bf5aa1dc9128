-- Acquires the lock for owner ARGV[1], with TTL ARGV[2] in milliseconds ('0': no expiry) and attempt id ARGV[3],
-- stored with the hold; ARGV[4] is the caller's process's channel. A blocking waiter adds its entry id ARGV[5] ('' for
-- none) and its wait time left ARGV[6] (ms): if the lock is held, the entry joins the line (or keeps its place), in
-- the same step.
-- A free lock goes to the first live entry in line, not to a caller behind it: fair, also for a caller without entry.
-- Returns {status, token, pttl, granted entry, its token}: status 0 acquired, 1 already held by this owner (adopted:
-- its attempt is cleared, unless it is this attempt's, so that no other attempt's undo frees it; nothing else
-- changes), 2 held by another (token '0'); pttl is the hold's remaining time in ms, -1 for none. When this call handed the lock to an entry on ARGV[4] other than ARGV[5],
-- that entry and its token follow ('' and '0' otherwise): its process learns of the grant from this reply.
local owner, ttl, attempt, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local entry = (ARGV[5] ~= '') and ARGV[5] or nil
local kind = redis.call('TYPE', lock_key)['ok']
if kind ~= 'none' then
	local pttl = redis.call('PTTL', lock_key)
	if kind == 'hash' then
		local holder = redis.call('HMGET', lock_key, 'owner', 'token', 'attempt')
		if holder[1] == owner and holder[2] then
			-- Whoever finds its own hold adopts it: the attempt that created it may no longer undo it. Unless it is
			-- this very attempt's hold (handed to this wait): its undo must still be able to free it.
			if holder[3] ~= '0' and holder[3] ~= attempt then
				redis.call('HSET', lock_key, 'attempt', '0')
			end
			if entry then
				leave_line(entry)
			end
			return {1, holder[2], pttl, '', '0'}
		end
	end
	-- Another owner; or a lock of an older version (a string): held by someone else all the same.
	if entry then
		join(entry, owner, ttl, attempt, ARGV[6], channel, server_time())
	end
	return {2, '0', pttl, '', '0'}
end
local now = server_time()
local head = redis.call('LINDEX', line_key, 0)
if head and head ~= entry then
	local id, token, granted_channel = hand_off(now, channel)
	if id == entry then
		return {0, token, redis.call('PTTL', lock_key), '', '0'}
	end
	if id then
		if entry then
			join(entry, owner, ttl, attempt, ARGV[6], channel, now)
		end
		if granted_channel == channel then
			return {2, '0', redis.call('PTTL', lock_key), id, token}
		end
		return {2, '0', redis.call('PTTL', lock_key), '', '0'}
	end
elseif head then
	leave_line(entry)
end
local token = take(owner, ttl, attempt, now)
return {0, token, redis.call('PTTL', lock_key), '', '0'}
