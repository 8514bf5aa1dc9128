-- A waiter leaves the line, or an acquire whose outcome is unknown is undone: takes the entry of owner ARGV[1] and
-- attempt id ARGV[2] out of line (entry id ARGV[4] if given, else whichever entry has both), and releases the lock if
-- that owner holds it through the hold that attempt created (handed to it, or acquired), handing it on. ARGV[3] is
-- the caller's process's channel (a grant to one of its entries is not announced).
-- Returns {released, granted entry, its token}: released 1 if that hold existed and is now released, else 0.
local owner, attempt, channel, entry = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if entry then
	leave_line(entry)
else
	local entries = redis.call('HGETALL', entries_key)
	for i = 1, #entries, 2 do
		local waiting = cjson.decode(entries[i + 1])
		if waiting.o == owner and waiting.a == attempt then
			leave_line(entries[i])
		end
	end
end
if redis.call('TYPE', lock_key)['ok'] ~= 'hash' then
	return {0, '', '0'}
end
local holder = redis.call('HMGET', lock_key, 'owner', 'attempt')
if holder[1] ~= owner or holder[2] ~= attempt then
	return {0, '', '0'}
end
redis.call('DEL', lock_key)
local id, token = hand_off(server_time(), channel)
return {1, id or '', token or '0'}
