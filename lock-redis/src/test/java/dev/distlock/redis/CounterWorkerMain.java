package dev.distlock.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.LockProvider;
import dev.distlock.Namespace;

/**
 * The second JVM of {@link RedisCrossClientExclusionTests}: connects on its own, prints {@code ready}, waits for a
 * line on standard input, runs its {@link CounterWorkers}, prints {@code done} and exits 0 (1 on any failure).
 *
 * <p>Arguments: Redis URL, namespace, lock key, counter key, threads, iterations.
 */
public final class CounterWorkerMain {

	private CounterWorkerMain() {
	}

	/**
	 * Runs the workers.
	 * @param args see the class description
	 * @throws Exception any failure, which makes the exit code 1
	 */
	public static void main(String[] args) throws Exception {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(args[0]);
		try (RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults())) {
			LockProvider provider = LockProvider.builder(adapter).namespace(Namespace.of(args[1])).build();
			StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
			System.out.println("ready");
			new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			CounterWorkers.run(provider, redis, args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
			System.out.println("done");
		}
		finally {
			connectionFactory.destroy();
		}
		System.exit(0);
	}

}
