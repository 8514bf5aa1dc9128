-- Releases the lock if owner ARGV[1] holds it under token ARGV[2] ('0': any token of that owner), and hands it to
-- the first live entry in line, if any. ARGV[3] is the caller's process's channel: a grant to one of its own entries is
-- not announced, the caller learns of it from the reply. ARGV[4..8] may name the caller's next waiter of this lock
-- (entry id, owner, TTL, attempt id, wait time left): if the grant went to the caller's own entry, that waiter joins
-- the line in the same step, so that its process keeps one entry in line for as long as it has waiters.
-- Returns {status, granted entry, its token, next joined}: status 1 released, 0 the key was free, 2 held by another
-- owner or another hold (then nothing changed); granted entry '' when nobody was handed the lock; next joined 1/0.
local kind = redis.call('TYPE', lock_key)['ok']
if kind == 'none' then
	return {0, '', '0', 0}
end
if kind ~= 'hash' then
	return {2, '', '0', 0}
end
local holder = redis.call('HMGET', lock_key, 'owner', 'token')
if holder[1] ~= ARGV[1] or (ARGV[2] ~= '0' and holder[2] ~= ARGV[2]) then
	return {2, '', '0', 0}
end
redis.call('DEL', lock_key)
local now = server_time()
local id, token, granted_channel = hand_off(now, ARGV[3])
if not id then
	return {1, '', '0', 0}
end
if ARGV[4] and granted_channel == ARGV[3] and ARGV[4] ~= id then
	join(ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[3], now)
	return {1, id, token, 1}
end
return {1, id, token, 0}
