package dev.distlock.spring.boot.autoconfigure;

import dev.distlock.LockProvider;

/**
 * Customizes the auto-configured {@link dev.distlock.SemaphoreProvider} and {@link dev.distlock.ReadWriteLockProvider}
 * before each is built, after the {@code distlock.*} properties are applied: declare beans of this type to set an
 * observer, an owner generator, a ticker or anything else the builder offers. {@link LockProviderBuilderCustomizer}s
 * customize lock providers only; customizers of this type run in {@link org.springframework.core.Ordered order}.
 *
 * <p>The providers keep event buses of their own: the cross-instance bus ({@code distlock.events.cross-instance.*})
 * carries the default lock provider's events only.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LeaseProviderBuilderCustomizer {

	/**
	 * Customizes one provider's builder.
	 * @param kind {@value dev.distlock.spring.observation.LockKinds#SEMAPHORE} or
	 * {@value dev.distlock.spring.observation.LockKinds#READ_WRITE_LOCK}
	 * @param builder the builder, with the properties already applied
	 */
	void customize(String kind, LockProvider.Builder builder);

}
