package dev.distlock.redis;

import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs the adapter's scripts by SHA, sending the script text only when Redis answers {@code NOSCRIPT}. Replies come
 * back as {@link Long}, {@link String} or a {@link List} of those, whatever the client. Failures are Spring
 * {@code DataAccessException}s; an interrupted wait sets the interrupt flag and throws an exception caused by the
 * {@link InterruptedException}. Nothing is retried: after a timeout the script may still have run.
 */
interface ScriptExecutor {

	/**
	 * Runs one script.
	 * @param script the script
	 * @param call its keys and arguments
	 * @return the reply
	 */
	Object execute(RedisScript<?> script, ScriptCall call);

	/**
	 * Runs one script several times, as few round trips as the client allows; each call on its own is atomic.
	 * @param script the script
	 * @param calls the keys and arguments of each run
	 * @return the replies, in order
	 */
	List<Object> executeAll(RedisScript<?> script, List<ScriptCall> calls);

	/**
	 * Tells whether the connections go to a Redis Cluster, where the keys of one script must share a slot.
	 * @return {@code true} on a cluster
	 */
	boolean isCluster();

}
