-- Releases KEYS[1] if owner ARGV[1] holds it, and announces the release on channel ARGV[2] (the message is the key).
-- Returns 1 if released, 0 if the key was free or held by another owner (then nothing changed).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
	return 0
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[2], KEYS[1])
return 1
