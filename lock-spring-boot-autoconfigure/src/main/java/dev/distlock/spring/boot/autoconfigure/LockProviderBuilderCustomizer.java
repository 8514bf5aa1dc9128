package dev.distlock.spring.boot.autoconfigure;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;

/**
 * Customizes each auto-configured {@link LockProvider} before it is built, after its properties are applied:
 * declare beans of this type to set an event bus, an observer, an owner generator or anything else the builder
 * offers. Called once per provider, the default one ({@value LockProviders#DEFAULT_NAME}) and each of
 * {@code distlock.providers.*}; customizers run in {@link org.springframework.core.Ordered order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockProviderBuilderCustomizer {

	/**
	 * Customizes one provider's builder.
	 * @param providerName the provider's name, {@value LockProviders#DEFAULT_NAME} for the default one
	 * @param builder the builder, with the properties already applied
	 */
	void customize(String providerName, LockProvider.Builder builder);

}
