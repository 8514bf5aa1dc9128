package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.distlock.BlockingSettings;
import dev.distlock.DefaultLockProvider;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.LockAdapter;

/**
 * Builds the {@link DefaultLockProvider} from {@link DistlockProperties}, checking each property first so that a bad
 * value fails with its property's name rather than with the builder's argument name.
 */
final class LockProviderFactory {

	private static final Logger logger = LoggerFactory.getLogger(LockProviderFactory.class);

	private LockProviderFactory() {
	}

	static DefaultLockProvider create(LockAdapter adapter, DistlockProperties properties, Environment environment,
			List<LockProviderBuilderCustomizer> customizers) {
		boolean defaultTtlSet = Binder.get(environment).bind("distlock.default-ttl", String.class).isBound();
		DefaultLockProvider.Builder builder = LockProvider.builder(adapter)
			.namespace(namespace(properties))
			.defaultBlockingSettings(blockingSettings(properties, environment))
			.defaultRenewal(properties.renewal().enabled())
			.lostLockPolicy(properties.lostLockPolicy())
			.releaseErrorPolicy(properties.releaseErrorPolicy());
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
			builder.defaultTtl(positive(environment, "distlock.default-ttl", properties.defaultTtl(),
					"Set distlock.default-ttl to a positive duration such as 30s or 5m, or set distlock.no-expiry "
							+ "to true for locks that live until released."));
		}
		customizers.forEach((customizer) -> customizer.customize(builder));
		DefaultLockProvider provider = builder.build();
		logChoice(adapter, properties);
		return provider;
	}

	static Namespace namespace(DistlockProperties properties) {
		if (properties.namespace() == null || properties.namespace().isBlank()) {
			throw new DistlockConfigurationException("distlock.namespace", properties.namespace(),
					"The namespace must not be blank.", "Set distlock.namespace to a name such as 'lock' or 'billing'.");
		}
		if (properties.delimiter() == null || properties.delimiter().isEmpty()) {
			throw new DistlockConfigurationException("distlock.delimiter", properties.delimiter(),
					"The delimiter must not be empty.", "Set distlock.delimiter to a separator such as ':'.");
		}
		return Namespace.of(properties.namespace()).withDelimiter(properties.delimiter());
	}

	private static BlockingSettings blockingSettings(DistlockProperties properties, Environment environment) {
		Duration waitTime = properties.blocking().waitTime();
		if (waitTime.isNegative()) {
			throw new DistlockConfigurationException("distlock.blocking.wait-time",
					written(environment, "distlock.blocking.wait-time", waitTime),
					"The wait time must not be negative.",
					"Set distlock.blocking.wait-time to zero (one attempt) or a positive duration such as 10s.");
		}
		Duration interval = positive(environment, "distlock.blocking.interval", properties.blocking().interval(),
				"Set distlock.blocking.interval to a positive duration such as 100ms or 1s.");
		return BlockingSettings.of(waitTime, interval);
	}

	static Duration positive(Environment environment, String property, Duration value, String action) {
		if (value.isNegative() || value.isZero()) {
			throw new DistlockConfigurationException(property, written(environment, property, value),
					"The duration must be positive.", action);
		}
		return value;
	}

	// The value as the user wrote it ("0s"), which the report should quote, rather than as bound ("PT0S").
	static String written(Environment environment, String property, Duration bound) {
		return environment.getProperty(property, bound.toString());
	}

	private static void logChoice(LockAdapter adapter, DistlockProperties properties) {
		// The warning about memory locks chosen by auto comes from MemoryLockAdapterConfiguration, which knows.
		logger.info("distlock: locks in namespace '{}' use the {} (distlock.adapter={})", properties.namespace(),
				adapter.getClass().getSimpleName(), properties.adapter().propertyValue());
	}

}
