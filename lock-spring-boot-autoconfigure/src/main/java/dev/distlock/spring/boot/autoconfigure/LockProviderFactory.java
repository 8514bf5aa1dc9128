package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.distlock.BlockingSettings;
import dev.distlock.DefaultLockProvider;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.EnclosingDistributedLocks;

/**
 * Builds the {@link DefaultLockProvider} from {@link DistlockProperties}, checking each property first so that a bad
 * value fails with its property's name rather than with the builder's argument name: every value out of range is a
 * {@link DistlockConfigurationException}, which {@link DistlockConfigurationFailureAnalyzer} reports with the
 * property's origin. What the core refuses beyond the checks here is reported the same way, with the core's reason.
 */
final class LockProviderFactory {

	private static final Logger logger = LoggerFactory.getLogger(LockProviderFactory.class);

	/** The longest TTL the core accepts: 36500 days, 100 years. */
	static final Duration MAX_TTL = Duration.ofDays(36_500);

	/** The shortest blocking interval the core accepts, as {@code BlockingSettings.MIN_INTERVAL}. */
	static final Duration MIN_INTERVAL = Duration.ofMillis(1);

	private LockProviderFactory() {
	}

	static DefaultLockProvider create(LockAdapter adapter, DistlockProperties properties, Environment environment,
			List<LockProviderBuilderCustomizer> customizers) {
		boolean defaultTtlSet = Binder.get(environment).bind("distlock.default-ttl", String.class).isBound();
		// Checked here too, not only where the view is made: a bad value fails every startup, used or not.
		HeldLocksAutoConfiguration.maxSize(properties, environment);
		DefaultLockProvider.Builder builder = LockProvider.builder(adapter)
			.namespace(namespace(properties))
			.defaultBlockingSettings(blockingSettings(properties, environment))
			.defaultRenewal(properties.renewal().enabled())
			.lostLockPolicy(properties.lostLockPolicy())
			.releaseErrorPolicy(properties.releaseErrorPolicy())
			// run* inside a @DistributedLock method on the key it holds runs under that hold.
			.enclosingHolds(EnclosingDistributedLocks.onThisThread());
		if (properties.noExpiry()) {
			if (defaultTtlSet) {
				throw new DistlockConfigurationException("distlock.default-ttl",
						written(environment, "distlock.default-ttl", properties.defaultTtl()),
						"distlock.no-expiry is true, so locks have no default TTL.",
						"Remove distlock.default-ttl, or set distlock.no-expiry to false.");
			}
			builder.defaultNoExpiry();
		}
		else {
			String action = "Set distlock.default-ttl to a positive duration of at most 36500 days, such as 30s or "
					+ "5m, or set distlock.no-expiry to true for locks that live until released.";
			Duration ttl = atMost(environment, "distlock.default-ttl",
					positive(environment, "distlock.default-ttl", properties.defaultTtl(), action), MAX_TTL,
					"A TTL must be at most 36500 days (100 years).", action);
			checked(environment, "distlock.default-ttl", ttl, action, () -> builder.defaultTtl(ttl));
		}
		customizers.forEach((customizer) -> customizer.customize(builder));
		DefaultLockProvider provider = builder.build();
		logChoice(adapter, properties);
		return provider;
	}

	static Namespace namespace(DistlockProperties properties) {
		String namespaceAction = "Set distlock.namespace to a name such as 'lock' or 'billing'.";
		if (properties.namespace() == null || properties.namespace().isBlank()) {
			throw new DistlockConfigurationException("distlock.namespace", properties.namespace(),
					"The namespace must not be blank.", namespaceAction);
		}
		String delimiterAction = "Set distlock.delimiter to a separator such as ':'.";
		if (properties.delimiter() == null || properties.delimiter().isEmpty()) {
			throw new DistlockConfigurationException("distlock.delimiter", properties.delimiter(),
					"The delimiter must not be empty.", delimiterAction);
		}
		try {
			// The delimiter first, on a plain root: a namespace part may hold ':' when the delimiter is another one.
			new Namespace(List.of("lock"), properties.delimiter());
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException("distlock.delimiter", shortened(properties.delimiter()),
					reason(ex), delimiterAction);
		}
		try {
			return new Namespace(List.of(properties.namespace()), properties.delimiter());
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException("distlock.namespace", shortened(properties.namespace()),
					reason(ex), namespaceAction);
		}
	}

	private static BlockingSettings blockingSettings(DistlockProperties properties, Environment environment) {
		Duration waitTime = properties.blocking().waitTime();
		if (waitTime.isNegative()) {
			throw new DistlockConfigurationException("distlock.blocking.wait-time",
					written(environment, "distlock.blocking.wait-time", waitTime),
					"The wait time must not be negative.",
					"Set distlock.blocking.wait-time to zero (one attempt) or a positive duration such as 10s.");
		}
		String intervalAction = "Set distlock.blocking.interval to a duration of at least 1ms, such as 100ms or 1s.";
		Duration interval = positive(environment, "distlock.blocking.interval", properties.blocking().interval(),
				intervalAction);
		if (interval.compareTo(MIN_INTERVAL) < 0) {
			throw new DistlockConfigurationException("distlock.blocking.interval",
					written(environment, "distlock.blocking.interval", interval),
					"The interval must be at least 1ms: every waiter makes one round trip to the backend per interval.",
					intervalAction);
		}
		return checked(environment, "distlock.blocking.interval", interval, intervalAction,
				() -> BlockingSettings.of(waitTime, interval));
	}

	static Duration positive(Environment environment, String property, Duration value, String action) {
		if (value.isNegative() || value.isZero()) {
			throw new DistlockConfigurationException(property, written(environment, property, value),
					"The duration must be positive.", action);
		}
		return value;
	}

	static Duration atMost(Environment environment, String property, Duration value, Duration max, String problem,
			String action) {
		if (value.compareTo(max) > 0) {
			throw new DistlockConfigurationException(property, written(environment, property, value), problem, action);
		}
		return value;
	}

	/**
	 * Runs a call that takes a property's value, reporting what it refuses as that property's fault.
	 * @param <T> what the call returns
	 * @param environment the environment, for the value as written
	 * @param property the property whose value the call takes
	 * @param bound the value as bound
	 * @param action how to fix it
	 * @param call the call
	 * @return what the call returns
	 */
	static <T> T checked(Environment environment, String property, Object bound, String action, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException(property, written(environment, property, bound), reason(ex),
					action);
		}
	}

	// The core's message names its argument and quotes at most a short prefix of the value.
	private static String reason(IllegalArgumentException ex) {
		return "The value is refused: " + ex.getMessage() + ".";
	}

	// A report quotes at most a short prefix of a value that may be huge.
	static @Nullable String shortened(@Nullable String value) {
		if (value == null || value.length() <= 64) {
			return value;
		}
		return value.substring(0, 64) + "… (" + value.length() + " characters)";
	}

	// The value as the user wrote it ("0s"), which the report should quote, rather than as bound ("PT0S").
	static String written(Environment environment, String property, Object bound) {
		return environment.getProperty(property, bound.toString());
	}

	private static void logChoice(LockAdapter adapter, DistlockProperties properties) {
		// The warning about memory locks chosen by auto comes from MemoryLockAdapterConfiguration, which knows.
		logger.info("distlock: locks in namespace '{}' use the {} (distlock.adapter={})", properties.namespace(),
				adapter.getClass().getSimpleName(), properties.adapter().propertyValue());
	}

}
