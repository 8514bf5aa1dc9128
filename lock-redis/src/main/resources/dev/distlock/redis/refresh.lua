-- Refreshes the locks KEYS[1..n]; ARGV holds a triple per key: owner, token ("0": any token of that owner) and the
-- new TTL in milliseconds. One key for a single refresh, many for a batch (on Redis Cluster all on one slot).
-- A lock that never expires is not turned into one that does.
-- Returns one status per key: 1 refreshed, 0 the key was free, 2 held by another owner or another hold, 3 held by
-- this owner without expiry (nothing changed but for status 1).
local results = {}
for i = 1, #KEYS do
	local key = KEYS[i]
	local owner = ARGV[3 * i - 2]
	local token = ARGV[3 * i - 1]
	local kind = redis.call('TYPE', key)['ok']
	local status
	if kind == 'none' then
		status = 0
	elseif kind ~= 'hash' then
		status = 2
	else
		local holder = redis.call('HMGET', key, 'owner', 'token')
		if holder[1] ~= owner or (token ~= '0' and holder[2] ~= token) then
			status = 2
		elseif redis.call('PTTL', key) < 0 then
			status = 3
		else
			redis.call('PEXPIRE', key, ARGV[3 * i])
			status = 1
		end
	end
	results[i] = status
end
return results
