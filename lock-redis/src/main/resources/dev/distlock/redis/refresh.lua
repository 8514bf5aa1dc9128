-- Sets the TTL of KEYS[1] to ARGV[2] milliseconds from now if owner ARGV[1] holds it and it has an expiry.
-- A lock that never expires is not turned into one that does. Returns 1 if refreshed, else 0 (nothing changed).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
	return 0
end
if redis.call('PTTL', KEYS[1]) <= 0 then
	return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
