package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;

/**
 * Collects the default provider and those of {@code distlock.providers.*} into {@link LockProviders}, reporting two
 * providers with one namespace as the second one's {@code namespace} property.
 */
final class NamedLockProviders {

	private NamedLockProviders() {
	}

	static LockProviders collect(LockProvider defaultProvider, DistlockProperties properties,
			ListableBeanFactory beanFactory) {
		LockProviders.Builder builder = LockProviders.builder().provider(LockProviders.DEFAULT_NAME, defaultProvider);
		for (String name : properties.providers().keySet()) {
			LockProvider provider = beanFactory.getBean(name + "LockProvider", LockProvider.class);
			builder.provider(name, provider);
			try {
				builder.build();
			}
			catch (IllegalArgumentException ex) {
				String property = LockProviderFactory.prefix(name) + ".namespace";
				throw new DistlockConfigurationException(property, provider.getNamespace().root(),
						"Every lock provider needs a namespace of its own, so that a lock handle of one is never bound "
								+ "to another's adapter: " + ex.getMessage() + ".",
						"Set " + property + " to a namespace no other provider has (unset, it is the provider's name).");
			}
		}
		return builder.build();
	}

}
