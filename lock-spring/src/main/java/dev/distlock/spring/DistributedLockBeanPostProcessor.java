package dev.distlock.spring;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.OrderComparator;
import org.springframework.core.Ordered;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringValueResolver;

import dev.distlock.LockProvider;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import java.lang.annotation.Annotation;
import java.util.Objects;
import java.util.Set;

/**
 * Proxies beans that have {@link DistributedLock @DistributedLock} methods, applying a
 * {@link DistributedLockInterceptor} that takes its locks from the context's {@link LockProvider} bean, or from the
 * {@code LockProvider} bean qualified with the name an annotation's {@link DistributedLock#provider()} gives; and
 * beans with {@link DistributedSemaphore @DistributedSemaphore} or
 * {@link DistributedReadWriteLock @DistributedReadWriteLock} methods, whose leases come from the context's
 * {@link SemaphoreProvider} or {@link ReadWriteLockProvider} bean. Those take the wait time or interval an annotation
 * does not give from the {@code LockProvider} bean's defaults, if there is one.
 *
 * <p>Each annotation is checked when its bean is created: a bad attribute throws
 * {@link InvalidDistributedLockException} and the context fails to start.
 *
 * <p>When a bean is already proxied, for example for {@code @Transactional}, the lock's advisor joins that proxy at
 * the place its {@linkplain #setAdvisorOrder(int) advisor order} gives it among the proxy's advisors. The default,
 * {@link #DEFAULT_ADVISOR_ORDER}, comes before the transaction advisor's {@link Ordered#LOWEST_PRECEDENCE}: the lock is
 * acquired before the transaction begins and released after it commits or rolls back. This post-processor runs before
 * Spring's {@code @Retryable} and {@code @ConcurrencyLimit} post-processors, which then wrap the lock.
 *
 * @since 0.1.0
 */
public class DistributedLockBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor
		implements EmbeddedValueResolverAware, DisposableBean {

	/**
	 * The default order of the lock's advisor: just before {@link Ordered#LOWEST_PRECEDENCE}, the default of
	 * {@code @EnableTransactionManagement} and {@code @EnableCaching}, so the lock wraps transactions and caching.
	 */
	public static final int DEFAULT_ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	/**
	 * This post-processor's own order: ahead of {@code @EnableResilientMethods}' post-processors
	 * ({@code LOWEST_PRECEDENCE - 1}), so that {@code @Retryable} retries around the lock, not inside it.
	 */
	public static final int POST_PROCESSOR_ORDER = Ordered.LOWEST_PRECEDENCE - 2;

	private static final long serialVersionUID = 1L;

	private int advisorOrder = DEFAULT_ADVISOR_ORDER;

	private NotAcquired defaultNotAcquired = NotAcquired.THROW;

	private transient @Nullable StringValueResolver valueResolver;

	private transient @Nullable Set<String> providerNames;

	private transient DistributedLockInterceptor interceptor = new DistributedLockInterceptor((name) -> {
		throw new IllegalStateException("No BeanFactory set on the DistributedLockBeanPostProcessor");
	}, null);

	/** Creates the post-processor; it needs its bean factory set before use. */
	public DistributedLockBeanPostProcessor() {
		setOrder(POST_PROCESSOR_ORDER);
	}

	/**
	 * Sets the order of the lock's advisor among the other advisors of a bean's proxy: a lower value runs the lock
	 * further out. Set it to {@link Ordered#LOWEST_PRECEDENCE} or above a transaction advisor's order to take the
	 * lock inside the transaction instead.
	 * @param advisorOrder the order, {@link #DEFAULT_ADVISOR_ORDER} by default
	 */
	public void setAdvisorOrder(int advisorOrder) {
		this.advisorOrder = advisorOrder;
		if (this.advisor instanceof DefaultPointcutAdvisor pointcutAdvisor) {
			pointcutAdvisor.setOrder(advisorOrder);
		}
	}

	/**
	 * Sets what methods annotated with {@link NotAcquired#DEFAULT} do when their lock is not acquired.
	 * @param notAcquired {@link NotAcquired#THROW} (the default) or {@link NotAcquired#SKIP}
	 */
	public void setDefaultNotAcquired(NotAcquired notAcquired) {
		this.defaultNotAcquired = notAcquired;
		this.interceptor.setDefaultNotAcquired(notAcquired);
	}

	/**
	 * Sets the names of the lock providers there are, so that an annotation's {@link DistributedLock#provider()}
	 * naming another fails the startup. Without it, the bean factory's {@code LockProvider} bean definitions are
	 * looked up by qualifier and bean name, which needs no bean to be created.
	 * @param providerNames the names, {@code "default"} among them
	 */
	public void setProviderNames(Set<String> providerNames) {
		this.providerNames = Set.copyOf(providerNames);
		this.interceptor.setProviderNames(this.providerNames);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		// Looked up on the first locked call: a post-processor that fetched beans now would create them too early.
		LockProviderLookup lookup = new LockProviderLookup(beanFactory);
		this.interceptor = new DistributedLockInterceptor(lookup, new BeanFactoryResolver(beanFactory));
		if (this.providerNames != null) {
			this.interceptor.setProviderNames(this.providerNames);
		}
		else {
			this.interceptor.setProviderCheck(lookup::exists);
		}
		LeaseProviderLookup<SemaphoreProvider> semaphores = new LeaseProviderLookup<>(beanFactory,
				SemaphoreProvider.class, DistributedSemaphore.class);
		LeaseProviderLookup<ReadWriteLockProvider> readWriteLocks = new LeaseProviderLookup<>(beanFactory,
				ReadWriteLockProvider.class, DistributedReadWriteLock.class);
		this.interceptor.setSemaphoreProvider(semaphores);
		this.interceptor.setReadWriteLockProvider(readWriteLocks);
		this.interceptor.setLeaseProviderCheck((type) -> (type == SemaphoreProvider.class) ? semaphores.exists()
				: readWriteLocks.exists());
		this.interceptor.setDefaultNotAcquired(this.defaultNotAcquired);
		this.interceptor.setValueResolver(this.valueResolver);
		ComposablePointcut pointcut = null;
		for (Class<? extends Annotation> type : LeaseKind.ANNOTATIONS) {
			Pointcut classes = new AnnotationMatchingPointcut(type, true);
			Pointcut methods = new AnnotationMatchingPointcut(null, type, true);
			pointcut = (pointcut != null) ? pointcut.union(classes).union(methods)
					: new ComposablePointcut(classes).union(methods);
		}
		DefaultPointcutAdvisor pointcutAdvisor = new DefaultPointcutAdvisor(Objects.requireNonNull(pointcut),
				this.interceptor);
		pointcutAdvisor.setOrder(this.advisorOrder);
		this.advisor = pointcutAdvisor;
	}

	@Override
	public void setEmbeddedValueResolver(StringValueResolver resolver) {
		this.valueResolver = resolver;
		this.interceptor.setValueResolver(resolver);
	}

	/** Stops the threads that release the locks of asynchronous calls, with the application context. */
	@Override
	public void destroy() {
		this.interceptor.close();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Advisor lockAdvisor = this.advisor;
		if (lockAdvisor == null || bean instanceof AopInfrastructureBean) {
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (!isEligible(targetClass)) {
			return super.postProcessAfterInitialization(bean, beanName);
		}
		validate(targetClass);
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			advised.addAdvisor(position(advised, lockAdvisor), lockAdvisor);
			return bean;
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	private void validate(Class<?> targetClass) {
		ReflectionUtils.doWithMethods(targetClass, (method) -> this.interceptor.isLocked(method, targetClass),
				ReflectionUtils.USER_DECLARED_METHODS);
	}

	// Before the first advisor that runs later in the chain than ours; after those of equal or earlier order.
	private static int position(Advised advised, Advisor lockAdvisor) {
		Advisor[] advisors = advised.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			if (OrderComparator.INSTANCE.compare(lockAdvisor, advisors[i]) < 0) {
				return i;
			}
		}
		return advisors.length;
	}

}
