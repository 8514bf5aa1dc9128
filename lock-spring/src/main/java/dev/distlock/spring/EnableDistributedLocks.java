package dev.distlock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@link DistributedLock @DistributedLock} in an application without Spring Boot, which must also define a
 * {@link dev.distlock.LockProvider} bean. Spring Boot applications need neither: the starter does both.
 *
 * <pre>{@code
 * @Configuration
 * @EnableDistributedLocks
 * class LockConfig {
 *     @Bean
 *     LockProvider lockProvider() {
 *         return LockProvider.builder(new MemoryLockAdapter()).build();
 *     }
 * }
 * }</pre>
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(DistributedLockConfiguration.class)
public @interface EnableDistributedLocks {

	/**
	 * Whether to proxy beans by subclassing (CGLIB) rather than by their interfaces.
	 * @return {@code true} for class-based proxies; {@code false} (the default) uses interface-based proxies for beans
	 * that have interfaces
	 */
	boolean proxyTargetClass() default false;

	/**
	 * The order of the lock's advisor among the other advisors on a bean; see
	 * {@link DistributedLockBeanPostProcessor#setAdvisorOrder(int)}.
	 * @return the order; by default the lock wraps {@code @Transactional}
	 */
	int order() default DistributedLockBeanPostProcessor.DEFAULT_ADVISOR_ORDER;

}
