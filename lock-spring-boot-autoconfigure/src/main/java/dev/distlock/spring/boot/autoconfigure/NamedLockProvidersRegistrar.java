package dev.distlock.spring.boot.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.adapter.LockAdapter;

/**
 * Registers one {@link LockProvider} bean per name of {@code distlock.providers.<name>.*}, named
 * {@code <name>LockProvider} and qualified by the name, so that {@code @Qualifier("jobs") LockProvider} and
 * {@code @DistributedLock(provider = "jobs")} find it, and its adapter as {@code <name>LockAdapter}, which is no
 * candidate for injection by type (the application's {@code LockAdapter} stays the default provider's). Both are
 * closed with the context.
 *
 * <p>Only the names are read here, as the keys of {@code distlock.providers}: the settings are bound once, with the
 * rest of {@link DistlockProperties}, when the provider is made. Registered after the auto-configurations' conditions
 * ran, so that the default provider's {@code @ConditionalOnMissingBean} sees only the application's own beans.
 */
final class NamedLockProvidersRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	private Set<String> names = Set.of();

	@Override
	public void setEnvironment(Environment environment) {
		this.names = names(environment);
	}

	/**
	 * The names of {@code distlock.providers}, checked.
	 * @param environment the environment
	 * @return the names, in the order configured
	 */
	static Set<String> names(Environment environment) {
		Map<String, Object> providers = Binder.get(environment)
			.bind(DistlockProperties.PROVIDERS, Bindable.mapOf(String.class, Object.class))
			.orElse(Map.of());
		Set<String> names = new LinkedHashSet<>();
		for (String name : providers.keySet()) {
			String property = DistlockProperties.PROVIDERS + "." + name;
			if (name.equals(LockProviders.DEFAULT_NAME)) {
				throw new DistlockConfigurationException(property, name,
						"'default' is the name of the provider that distlock.* configures.",
						"Configure the default provider with distlock.* itself, or give this provider another name.");
			}
			try {
				names.add(LockProviders.requireName(name));
			}
			catch (IllegalArgumentException ex) {
				throw new DistlockConfigurationException(property, LockProviderFactory.shortened(name),
						"A provider's name is a bean qualifier and a property name: " + ex.getMessage() + ".",
						"Name the provider with letters, digits, '-' and '_', such as 'jobs' or 'local-cache'.");
			}
		}
		return names;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		ListableBeanFactory beanFactory = (ListableBeanFactory) registry;
		for (String name : this.names) {
			String adapterBean = name + "LockAdapter";
			for (String bean : new String[] { adapterBean, name + "LockProvider" }) {
				if (registry.containsBeanDefinition(bean)) {
					// Never replace an application's bean by accident, whatever the overriding setting.
					throw new DistlockConfigurationException(DistlockProperties.PROVIDERS + "." + name, name,
							"The provider's bean name '" + bean + "' is taken by another bean.",
							"Rename the provider, or the other bean.");
				}
			}
			RootBeanDefinition adapter = new RootBeanDefinition(LockAdapter.class, () -> NamedLockAdapters.create(name,
					settings(beanFactory, name), beanFactory, beanFactory.getBean(Environment.class),
					beanClassLoader(registry)));
			adapter.setAutowireCandidate(false);
			adapter.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
			adapter.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(adapterBean, adapter);
			RootBeanDefinition provider = new RootBeanDefinition(LockProvider.class,
					() -> LockProviderFactory.create(name, beanFactory.getBean(adapterBean, LockAdapter.class),
							settings(beanFactory, name), beanFactory.getBean(Environment.class),
							beanFactory.getBeanProvider(LockProviderBuilderCustomizer.class).orderedStream().toList()));
			provider.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			// Injected only where its name is asked for: a plain LockProvider stays the default one, also when the
			// application defines that one itself.
			provider.setDefaultCandidate(false);
			provider.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
			registry.registerBeanDefinition(name + "LockProvider", provider);
		}
	}

	private static DistlockProperties.Provider settings(ListableBeanFactory beanFactory, String name) {
		DistlockProperties.Provider settings = beanFactory.getBean(DistlockProperties.class).providers().get(name);
		if (settings == null) {
			// The names were read from the same property source as the properties: only a changed environment gets here.
			throw new IllegalStateException(DistlockProperties.PROVIDERS + "." + name + " is no longer configured");
		}
		return settings;
	}

	private static ClassLoader beanClassLoader(BeanDefinitionRegistry registry) {
		ClassLoader classLoader = (registry instanceof ConfigurableBeanFactory factory)
				? factory.getBeanClassLoader() : null;
		return (classLoader != null) ? classLoader : NamedLockProvidersRegistrar.class.getClassLoader();
	}

}
