package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.Namespace;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.EnclosingDistributedLocks;

/**
 * Builds a {@link LockProvider} from its {@link DistlockProperties.Provider} settings, checking each property first so that a bad
 * value fails with its property's name rather than with the builder's argument name: every value out of range is a
 * {@link DistlockConfigurationException}, which {@link DistlockConfigurationFailureAnalyzer} reports with the
 * property's origin. What the core refuses beyond the checks here is reported the same way, with the core's reason.
 */
final class LockProviderFactory {

	private static final Logger logger = LoggerFactory.getLogger(LockProviderFactory.class);

	private LockProviderFactory() {
	}

	/**
	 * Builds one provider.
	 * @param name the provider's name, {@link LockProviders#DEFAULT_NAME} for the one of {@code distlock.*}
	 * @param adapter its adapter
	 * @param settings its settings
	 * @param environment the environment, for values as written
	 * @param customizers the customizers, in order
	 * @return the provider
	 */
	static LockProvider create(String name, LockAdapter adapter, DistlockProperties.Provider settings,
			Environment environment, List<LockProviderBuilderCustomizer> customizers) {
		String prefix = prefix(name);
		LockProvider.Builder builder = LockProvider.builder(adapter)
			// run* inside a @DistributedLock method on the key it holds runs under that hold.
			.enclosingHolds(EnclosingDistributedLocks.onThisThread());
		applyProperties(name, builder, settings, environment);
		customizers.forEach((customizer) -> customizer.customize(name, builder));
		LockProvider provider = builder.build();
		logger.info("distlock: the locks of provider '{}' (namespace '{}') use the {} ({}.adapter={})", name,
				provider.getNamespace().root(), adapter.getClass().getSimpleName(), prefix,
				settings.adapter().propertyValue());
		return provider;
	}

	/**
	 * Applies a provider's properties to a builder: namespace and delimiter, blocking, renewal, policies and default
	 * TTL, each checked. What a lock provider, and the semaphore and read-write lock providers built with the same
	 * {@code distlock.*} settings, have in common.
	 * @param name the provider's name, {@link LockProviders#DEFAULT_NAME} for the one of {@code distlock.*}
	 * @param builder the builder
	 * @param settings the provider's settings
	 * @param environment the environment, for values as written
	 */
	static void applyProperties(String name, LockProvider.Builder builder, DistlockProperties.Provider settings,
			Environment environment) {
		String prefix = prefix(name);
		builder.namespace(namespace(name, settings));
		BlockingSettings blocking = blockingSettings(prefix, settings.blocking(), environment);
		if (blocking != null) {
			builder.defaultBlockingSettings(blocking);
		}
		Boolean renewal = settings.renewal().enabled();
		if (renewal != null) {
			builder.defaultRenewal(renewal);
		}
		if (settings.lostLockPolicy() != null) {
			builder.lostLockPolicy(settings.lostLockPolicy());
		}
		if (settings.releaseErrorPolicy() != null) {
			builder.releaseErrorPolicy(settings.releaseErrorPolicy());
		}
		Expiry.Resolved defaultExpiry = settings.defaultTtl();
		if (defaultExpiry != null) {
			builder.defaultExpiry(defaultExpiry);
		}
	}

	/**
	 * The prefix of a provider's properties.
	 * @param name the provider's name
	 * @return {@code "distlock"} for the default provider, else {@code "distlock.providers.<name>"}
	 */
	static String prefix(String name) {
		return name.equals(LockProviders.DEFAULT_NAME) ? DistlockProperties.PREFIX
				: DistlockProperties.PROVIDERS + "." + name;
	}

	static Namespace namespace(String name, DistlockProperties.Provider settings) {
		String prefix = prefix(name);
		String namespaceProperty = prefix + ".namespace";
		String delimiterProperty = prefix + ".delimiter";
		// A named provider's namespace is its name unless set: every provider needs one of its own.
		String root = (settings.namespace() != null) ? settings.namespace()
				: name.equals(LockProviders.DEFAULT_NAME) ? Namespace.DEFAULT.root() : name;
		String delimiter = (settings.delimiter() != null) ? settings.delimiter() : Namespace.DEFAULT.delimiter();
		String namespaceAction = "Set " + namespaceProperty + " to a name such as 'lock' or 'billing'.";
		if (root.isBlank()) {
			throw new DistlockConfigurationException(namespaceProperty, root, "The namespace must not be blank.",
					namespaceAction);
		}
		String delimiterAction = "Set " + delimiterProperty + " to a separator such as ':'.";
		if (delimiter.isEmpty()) {
			throw new DistlockConfigurationException(delimiterProperty, delimiter, "The delimiter must not be empty.",
					delimiterAction);
		}
		try {
			// The delimiter first, on a plain root: a namespace part may hold ':' when the delimiter is another one.
			new Namespace(List.of("lock"), delimiter);
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException(delimiterProperty, shortened(delimiter), reason(ex),
					delimiterAction);
		}
		try {
			return new Namespace(List.of(root), delimiter);
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException(namespaceProperty, shortened(root), reason(ex), namespaceAction);
		}
	}

	private static @Nullable BlockingSettings blockingSettings(String prefix, DistlockProperties.Blocking blocking,
			Environment environment) {
		if (blocking.waitTime() == null && blocking.interval() == null) {
			return null;
		}
		String waitTimeProperty = prefix + ".blocking.wait-time";
		String intervalProperty = prefix + ".blocking.interval";
		BlockingSettings defaults = BlockingSettings.DEFAULTS;
		Duration waitTime = (blocking.waitTime() != null) ? blocking.waitTime() : defaults.waitTime();
		if (waitTime.isNegative()) {
			throw new DistlockConfigurationException(waitTimeProperty,
					written(environment, waitTimeProperty, waitTime), "The wait time must not be negative.",
					"Set " + waitTimeProperty + " to zero (one attempt) or a positive duration such as 10s.");
		}
		String intervalAction = "Set " + intervalProperty + " to a duration of at least 1ms, such as 100ms or 1s.";
		Duration interval = positive(environment, intervalProperty,
				(blocking.interval() != null) ? blocking.interval() : defaults.interval(), intervalAction);
		if (interval.compareTo(BlockingSettings.MIN_INTERVAL) < 0) {
			throw new DistlockConfigurationException(intervalProperty,
					written(environment, intervalProperty, interval),
					"The interval must be at least 1ms: every waiter makes one round trip to the backend per interval.",
					intervalAction);
		}
		return checked(environment, intervalProperty, interval, intervalAction,
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

}
