package dev.distlock.spring.boot.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.spring.boot.autoconfigure.DistlockProperties;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.web.LockProblemDetailsExceptionHandler;

/**
 * Answers lock failures in Spring MVC and WebFlux applications with problem details: 409 Conflict for a lock held
 * elsewhere, 503 Service Unavailable for a failed lock backend ({@link LockProblemDetailsExceptionHandler}). Only in a
 * web application with Spring MVC's or WebFlux's dispatcher; off with
 * {@code distlock.web.problem-details.enabled=false}; an application's own bean of the handler's type replaces it.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.http.ProblemDetail")
@ConditionalOnBooleanProperty(name = "distlock.web.problem-details.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DistlockProperties.class)
public final class LockProblemDetailsAutoConfiguration {

	private LockProblemDetailsAutoConfiguration() {
	}

	private static LockProblemDetailsExceptionHandler handler(DistlockProperties properties) {
		return new LockProblemDetailsExceptionHandler(properties.web().problemDetails().includeKey());
	}

	/** For Spring MVC. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static final class ServletConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockProblemDetailsExceptionHandler.class)
		LockProblemDetailsExceptionHandler lockProblemDetailsExceptionHandler(DistlockProperties properties) {
			return handler(properties);
		}

	}

	/** For Spring WebFlux. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
	static final class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean(LockProblemDetailsExceptionHandler.class)
		LockProblemDetailsExceptionHandler lockProblemDetailsExceptionHandler(DistlockProperties properties) {
			return handler(properties);
		}

	}

}
