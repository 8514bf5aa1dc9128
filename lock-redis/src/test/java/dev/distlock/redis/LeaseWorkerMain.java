package dev.distlock.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Renewal;
import dev.distlock.SemaphoreProvider;

/**
 * The second JVM of {@link RedisLeaseCrossProcessTests}. Connects on its own and, by its first argument:
 * <ul>
 * <li>{@code semaphore} / {@code read-write}: prints {@code ready}, waits for a line on standard input, runs
 * {@link LeaseWorkers}, prints {@code done} and exits 0 (1 on any failure). Arguments: mode, Redis URL, namespace,
 * key, counter key, threads, iterations.</li>
 * <li>{@code hold-slot} / {@code hold-write}: takes a slot of a semaphore of limit 1, or a write hold, with the given
 * TTL in milliseconds (renewed while this JVM lives), prints {@code ready} and waits to be killed. Arguments: mode,
 * Redis URL, namespace, key, TTL in ms.</li>
 * </ul>
 */
public final class LeaseWorkerMain {

	private LeaseWorkerMain() {
	}

	/**
	 * Runs the workers or holds.
	 * @param args see the class description
	 * @throws Exception any failure, which makes the exit code 1
	 */
	public static void main(String[] args) throws Exception {
		String mode = args[0];
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(args[1]);
		Namespace namespace = Namespace.of(args[2]);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (RedisSemaphoreAdapter semaphores = new RedisSemaphoreAdapter(connectionFactory);
				RedisReadWriteLockAdapter readWrite = new RedisReadWriteLockAdapter(connectionFactory)) {
			SemaphoreProvider semaphoreProvider = SemaphoreProvider.create(semaphores,
					(builder) -> builder.namespace(namespace));
			ReadWriteLockProvider readWriteProvider = ReadWriteLockProvider.create(readWrite,
					(builder) -> builder.namespace(namespace));
			StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
			switch (mode) {
				case "semaphore" -> {
					System.out.println("ready");
					in.readLine();
					LeaseWorkers.runSemaphore(semaphoreProvider, redis, args[3], args[4], Integer.parseInt(args[5]),
							Integer.parseInt(args[6]));
				}
				case "read-write" -> {
					System.out.println("ready");
					in.readLine();
					LeaseWorkers.runReadWrite(readWriteProvider, redis, args[3], args[4], Integer.parseInt(args[5]),
							Integer.parseInt(args[6]));
				}
				case "hold-slot", "hold-write" -> {
					LockSettings settings = LockSettings.defaults()
						.withTtl(Duration.ofMillis(Long.parseLong(args[4])))
						.withRenewal(Renewal.ENABLED);
					boolean held = mode.equals("hold-slot")
							? semaphoreProvider.create(args[3], 1, settings).acquire()
							: readWriteProvider.create(args[3], settings).writeLock().acquire();
					System.out.println(held ? "ready" : "not acquired");
					// Holds until killed (or standard input closes).
					in.readLine();
				}
				default -> throw new IllegalArgumentException("Unknown mode " + mode);
			}
			System.out.println("done");
		}
		finally {
			connectionFactory.destroy();
		}
		System.exit(0);
	}

}
