package dev.distlock.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;

/**
 * Finds the {@link LockProvider} bean of a name: the context's one {@code LockProvider} (or its primary one) for
 * {@value LockProviders#DEFAULT_NAME}, else the one qualified with the name (or named so). Each provider is looked up
 * on its first call and kept.
 */
final class LockProviderLookup implements Function<String, LockProvider> {

	private final BeanFactory beanFactory;

	private final Map<String, LockProvider> found = new ConcurrentHashMap<>();

	LockProviderLookup(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public LockProvider apply(String name) {
		return this.found.computeIfAbsent(name, this::lookUp);
	}

	/**
	 * Whether a provider of the name is defined, without creating any bean.
	 * @param name the name
	 * @return {@code true} for {@value LockProviders#DEFAULT_NAME}, and for a name that a {@code LockProvider} bean
	 * definition is qualified with or named; {@code true} also when the bean factory cannot tell
	 */
	boolean exists(String name) {
		if (name.equals(LockProviders.DEFAULT_NAME) || !(this.beanFactory instanceof ListableBeanFactory listable)) {
			return true;
		}
		for (String beanName : listable.getBeanNamesForType(LockProvider.class, true, false)) {
			if (BeanFactoryAnnotationUtils.isQualifierMatch(name::equals, beanName, this.beanFactory)) {
				return true;
			}
		}
		return false;
	}

	private LockProvider lookUp(String name) {
		if (name.equals(LockProviders.DEFAULT_NAME)) {
			return this.beanFactory.getBean(LockProvider.class);
		}
		try {
			return BeanFactoryAnnotationUtils.qualifiedBeanOfType(this.beanFactory, LockProvider.class, name);
		}
		catch (NoUniqueBeanDefinitionException ex) {
			throw new IllegalStateException("@DistributedLock(provider = \"" + name + "\") names several lock providers: "
					+ "keep one LockProvider bean qualified \"" + name + "\"", ex);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException("@DistributedLock(provider = \"" + name + "\") names no lock provider: "
					+ "configure distlock.providers." + name + ".* or define a LockProvider bean qualified \"" + name
					+ "\"", ex);
		}
	}

}
