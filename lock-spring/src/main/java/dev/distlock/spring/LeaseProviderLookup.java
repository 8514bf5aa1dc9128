package dev.distlock.spring;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.NoUniqueBeanDefinitionException;


/**
 * Finds the one bean of a semaphore or read-write lock provider type ({@code SemaphoreProvider},
 * {@code ReadWriteLockProvider}), or its primary one, on the first call that needs it, and keeps it.
 *
 * @param <T> the provider type
 */
final class LeaseProviderLookup<T> implements Supplier<T> {

	private final BeanFactory beanFactory;

	private final Class<T> type;

	private final Class<? extends Annotation> annotation;

	private volatile @Nullable T found;

	LeaseProviderLookup(BeanFactory beanFactory, Class<T> type, Class<? extends Annotation> annotation) {
		this.beanFactory = beanFactory;
		this.type = type;
		this.annotation = annotation;
	}

	@Override
	public T get() {
		T provider = this.found;
		if (provider == null) {
			provider = lookUp();
			this.found = provider;
		}
		return provider;
	}

	/**
	 * Whether a provider bean is defined, without creating any bean.
	 * @return {@code true} if one is defined, and also when the bean factory cannot tell
	 */
	boolean exists() {
		return !(this.beanFactory instanceof ListableBeanFactory listable)
				|| listable.getBeanNamesForType(this.type, true, false).length > 0;
	}

	private T lookUp() {
		String annotationName = LeaseKind.name(this.annotation);
		try {
			return this.beanFactory.getBean(this.type);
		}
		catch (NoUniqueBeanDefinitionException ex) {
			throw new IllegalStateException(annotationName + " finds several " + this.type.getSimpleName()
					+ " beans: keep one, or mark one @Primary", ex);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new IllegalStateException(annotationName + " needs a " + this.type.getSimpleName() + " bean; the "
					+ "starter defines one for distlock.adapter memory, redis and jdbc, or define your own", ex);
		}
	}

}
