-- Releases the lock whoever holds it, and hands it to the first live entry in line, if any. ARGV[1] is the caller's
-- process's channel (a grant to one of its entries is not announced).
-- Returns {released, granted entry, its token}: released 1 if a lock was released, 0 if the key was free.
if redis.call('DEL', lock_key) == 0 then
	return {0, '', '0'}
end
local id, token = hand_off(server_time(), ARGV[1])
return {1, id or '', token or '0'}
