package dev.distlock.spring.boot.autoconfigure.web;

import java.io.IOException;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockBackendException;
import dev.distlock.spring.DistributedLock;
import dev.distlock.spring.web.LockProblemDetailsExceptionHandler;

/** What the MVC and WebFlux tests call: locked handlers, and the application's own advice and handler to win. */
final class LockedEndpoints {

	private LockedEndpoints() {
	}

	/** Locked handlers: one that fails at once, one that waits a little, one whose backend fails. */
	@RestController
	static class OrderController {

		@PostMapping("/orders/{id}/ship")
		@DistributedLock(key = "'orders:' + #id")
		String ship(@PathVariable("id") String id) {
			return "shipped " + id;
		}

		@PostMapping("/orders/{id}/pack")
		@DistributedLock(key = "'orders:' + #id", blocking = true, waitTime = "50ms", interval = "10ms")
		String pack(@PathVariable("id") String id) {
			return "packed " + id;
		}

		@PostMapping("/orders/{id}/invoice")
		String invoice(@PathVariable("id") String id) {
			throw new LockBackendException("invoices:" + id, "acquire", new IOException("connection refused"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Controllers {

		@Bean
		OrderController orderController() {
			return new OrderController();
		}

	}

	/** The application's own advice for lock contention: it wins over distlock's. */
	@RestControllerAdvice
	static class OwnAdvice {

		@ExceptionHandler
		ProblemDetail busy(KeyAlreadyAcquiredException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.LOCKED, "mine");
			problem.setTitle("Own advice");
			return problem;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnAdviceConfiguration {

		@Bean
		OwnAdvice ownAdvice() {
			return new OwnAdvice();
		}

	}

	/** The application's own handler bean, which knows how long its locks are held. */
	@Configuration(proxyBeanMethods = false)
	static class OwnHandlerConfiguration {

		@Bean
		LockProblemDetailsExceptionHandler ownLockProblemDetails() {
			return new LockProblemDetailsExceptionHandler(false) {

				@Override
				protected @Nullable Duration retryAfter(KeyAlreadyAcquiredException ex) {
					return Duration.ofMillis(1500);
				}

			};
		}

	}

}
