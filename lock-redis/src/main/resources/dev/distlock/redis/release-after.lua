-- Releases lock KEYS[1] later: if owner ARGV[1] holds it under token ARGV[2] ("0": any token of that owner), its
-- remaining time becomes ARGV[3] milliseconds (also for a lock that never expired) and it expires then. Nothing is
-- freed now, so nothing is announced: a waiter learns the hold's remaining time from its next attempt.
-- Returns 1 done, 0 the key was free, 2 held by another owner or another hold (then nothing changed).
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
	return 0
end
if kind ~= 'hash' then
	return 2
end
local holder = redis.call('HMGET', KEYS[1], 'owner', 'token')
if holder[1] ~= ARGV[1] or (ARGV[2] ~= '0' and holder[2] ~= ARGV[2]) then
	return 2
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
