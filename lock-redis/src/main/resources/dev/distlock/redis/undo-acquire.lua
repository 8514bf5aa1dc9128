-- Undoes an acquire whose outcome is unknown: releases lock KEYS[1] only if owner ARGV[1] holds it through the hold
-- that attempt ARGV[2] created, and then announces the release on channel ARGV[3] (the message is the key).
-- Returns 1 if released, else 0 (nothing changed).
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then
	return 0
end
local holder = redis.call('HMGET', KEYS[1], 'owner', 'attempt')
if holder[1] ~= ARGV[1] or holder[2] ~= ARGV[2] then
	return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[3], KEYS[1])
return 1
