-- Releases KEYS[1] whoever holds it, and announces the release on channel ARGV[1] (the message is the key).
-- Returns 1 if a lock was released, 0 if the key was free.
if redis.call('DEL', KEYS[1]) == 0 then
	return 0
end
redis.call('PUBLISH', ARGV[1], KEYS[1])
return 1
