package dev.distlock.spring.actuate;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.ClassUtils;

import dev.distlock.LockProvider;
import dev.distlock.spring.observation.LockAdapterNames;

/**
 * Reports whether the lock backend answers: UP when the state of a probe key ({@value #PROBE_KEY}) in the
 * provider's namespace can be read, DOWN with the error otherwise. Details: the adapter and the namespace; for Redis
 * whether grants are heard ({@code subscribed}: the adapter's pub/sub connection answers its pings), and for JDBC on
 * PostgreSQL with notifications whether the listening connection is up ({@code listening}). While either is down the
 * status is UNKNOWN, not UP: waiters in this JVM poll instead of being woken, which is slower, never less safe, so not
 * DOWN either (UNKNOWN ranks below UP when Spring Boot aggregates, so it never takes an application down).
 *
 * @since 0.1.0
 */
public final class LockHealthIndicator extends AbstractHealthIndicator {

	/** The key whose state is read; it is never acquired. */
	public static final String PROBE_KEY = "__health";

	private static final boolean REDIS_PRESENT = ClassUtils.isPresent("dev.distlock.redis.RedisLockAdapter",
			LockHealthIndicator.class.getClassLoader());

	private static final boolean JDBC_PRESENT = ClassUtils.isPresent("dev.distlock.jdbc.JdbcLockAdapter",
			LockHealthIndicator.class.getClassLoader());

	private final LockProvider provider;

	private final @Nullable Object adapter;

	/**
	 * Creates the indicator.
	 * @param provider the provider whose backend is checked
	 * @param adapter the provider's adapter, for the details, or {@code null} if unknown
	 */
	public LockHealthIndicator(LockProvider provider, @Nullable Object adapter) {
		super("Lock backend health check failed");
		this.provider = provider;
		this.adapter = adapter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("adapter", LockAdapterNames.of(this.adapter))
			.withDetail("namespace", this.provider.getNamespace().root());
		boolean wakeUpsWork = true;
		if (REDIS_PRESENT && RedisDetails.isRedis(this.adapter)) {
			wakeUpsWork = RedisDetails.isSubscribed(this.adapter);
			builder.withDetail("subscribed", wakeUpsWork);
		}
		if (JDBC_PRESENT && JdbcDetails.wakesAcrossProcesses(this.adapter)) {
			wakeUpsWork = JdbcDetails.isListening(this.adapter);
			builder.withDetail("listening", wakeUpsWork);
		}
		this.provider.create(PROBE_KEY).getState();
		if (wakeUpsWork) {
			builder.up();
		}
		else {
			builder.unknown().withDetail("wakeUps", "polling");
		}
	}

	// Separate, so that RedisLockAdapter is loaded only when it is on the classpath.
	private static final class RedisDetails {

		static boolean isRedis(@Nullable Object adapter) {
			return adapter instanceof dev.distlock.redis.RedisLockAdapter;
		}

		static boolean isSubscribed(@Nullable Object adapter) {
			return adapter instanceof dev.distlock.redis.RedisLockAdapter redis && redis.isSubscribed();
		}

	}

	// Separate, so that JdbcLockAdapter is loaded only when it is on the classpath.
	private static final class JdbcDetails {

		// Only where there is a listening connection to report on: PostgreSQL with notifications on.
		static boolean wakesAcrossProcesses(@Nullable Object adapter) {
			return adapter instanceof dev.distlock.jdbc.JdbcLockAdapter jdbc && jdbc.wakesAcrossProcesses();
		}

		static boolean isListening(@Nullable Object adapter) {
			return adapter instanceof dev.distlock.jdbc.JdbcLockAdapter jdbc && jdbc.isListening();
		}

	}

}
