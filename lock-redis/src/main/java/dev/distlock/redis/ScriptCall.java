package dev.distlock.redis;

import java.util.List;

/**
 * The keys and arguments of one script run.
 *
 * @param keys the keys, {@code KEYS} in the script; on Redis Cluster all on one slot
 * @param args the arguments, {@code ARGV} in the script
 */
record ScriptCall(List<String> keys, List<String> args) {

	ScriptCall {
		keys = List.copyOf(keys);
		args = List.copyOf(args);
	}

}
