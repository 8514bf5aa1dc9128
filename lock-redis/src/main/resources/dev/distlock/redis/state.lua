-- Reads who holds KEYS[1] and for how long, in one atomic step.
-- Returns an empty array if the key is free, else {owner, remaining milliseconds}; -1 milliseconds: no expiry.
local owner = redis.call('GET', KEYS[1])
if not owner then
	return {}
end
return {owner, redis.call('PTTL', KEYS[1])}
