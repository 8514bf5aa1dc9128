package dev.distlock.spring.boot.autoconfigure;

import dev.distlock.DefaultLockProvider;

/**
 * Customizes the auto-configured {@link DefaultLockProvider} before it is built, after the {@code distlock.*}
 * properties are applied: declare beans of this type to set an event bus, an observer, an owner generator or
 * anything else the builder offers. Customizers run in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface LockProviderBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties already applied
	 */
	void customize(DefaultLockProvider.Builder builder);

}
