-- Releases lock KEYS[1] if owner ARGV[1] holds it under token ARGV[2] ("0": any token of that owner), and announces
-- the release on channel ARGV[3] (the message is the key).
-- Returns 1 released, 0 the key was free, 2 held by another owner or another hold (then nothing changed).
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
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[3], KEYS[1])
return 1
