package dev.distlock.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code distlock.adapter} is one of the given types.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnLockAdapterCondition.class)
@interface ConditionalOnLockAdapter {

	/**
	 * The types that match.
	 * @return the types
	 */
	LockAdapterType[] value();

}
