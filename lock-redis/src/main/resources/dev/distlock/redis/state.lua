-- Reads who holds lock KEYS[1], under which token and for how long, in one atomic step.
-- Returns an empty array if the key is free, else {owner, token, remaining milliseconds}; -1 milliseconds: no expiry.
-- A lock of the previous version (a string holding the owner) reads as that owner with token '0'.
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind == 'none' then
	return {}
end
local pttl = redis.call('PTTL', KEYS[1])
if kind == 'string' then
	return {redis.call('GET', KEYS[1]), '0', pttl}
end
if kind ~= 'hash' then
	return redis.error_reply('key ' .. KEYS[1] .. ' is a ' .. kind .. ', not a distlock lock')
end
local holder = redis.call('HMGET', KEYS[1], 'owner', 'token')
if not holder[1] or not holder[2] then
	return redis.error_reply('key ' .. KEYS[1] .. ' is a hash without owner and token, not a distlock lock')
end
return {holder[1], holder[2], pttl}
