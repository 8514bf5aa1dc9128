package dev.distlock.spring.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockBackendException;
import dev.distlock.LockException;

/**
 * Answers a request whose handler hit a lock failure with a problem detail (RFC 9457), in Spring MVC and WebFlux
 * alike: a lock held by another owner ({@link KeyAlreadyAcquiredException}, thrown by a non-blocking
 * {@code @DistributedLock} call or a {@code *OrFail} method, and by a blocking one whose wait time ran out) is
 * {@code 409 Conflict}, since trying again later may succeed; a failed lock backend ({@link LockBackendException}) is
 * {@code 503 Service Unavailable}, not a 500 with a stack trace per request.
 *
 * <pre>{@code
 * HTTP/1.1 409 Conflict
 * Content-Type: application/problem+json
 *
 * {"type":"about:blank","title":"Resource locked","status":409,
 *  "detail":"The resource is locked by another operation; try again later.","instance":"/orders/42/ship"}
 * }</pre>
 *
 * <p>The body never carries the lock's owner (its credential) nor the exception's message; the key, which may hold
 * user data, only when {@code includeKey} says so, as the {@code lockKey} property. Ordered last among controller
 * advice, so that any {@code @ExceptionHandler} of the application for these exceptions (or a catch-all) wins.
 * Auto-configured as a bean that an application replaces by declaring its own bean of this type, for example a
 * subclass that overrides {@link #retryAfter(KeyAlreadyAcquiredException)} where the application knows how long its
 * locks are held.
 *
 * @since 0.1.0
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class LockProblemDetailsExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(LockProblemDetailsExceptionHandler.class);

	/** The problem detail property that names the lock's key, when included. */
	public static final String KEY_PROPERTY = "lockKey";

	private final boolean includeKey;

	/**
	 * Creates the handler.
	 * @param includeKey whether the problem detail names the lock's key ({@value #KEY_PROPERTY}); keys may hold user
	 * data (an order number, an e-mail address), so only if the application's clients may see them
	 */
	public LockProblemDetailsExceptionHandler(boolean includeKey) {
		this.includeKey = includeKey;
	}

	/**
	 * Answers a lock that another owner holds: {@code 409 Conflict}, with {@code Retry-After} when
	 * {@link #retryAfter(KeyAlreadyAcquiredException)} knows when to try again.
	 * @param ex the failure
	 * @return the response
	 */
	@ExceptionHandler
	public ResponseEntity<ProblemDetail> lockNotAcquired(KeyAlreadyAcquiredException ex) {
		logger.debug("Lock '{}' is held elsewhere; answering 409 Conflict", ex.getKey());
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "Resource locked", ex,
				"The resource is locked by another operation; try again later.",
				"'%s' is locked by another operation; try again later.");
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.CONFLICT);
		Duration retryAfter = retryAfter(ex);
		if (retryAfter != null && !retryAfter.isNegative()) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
		}
		return response.body(problem);
	}

	/**
	 * Answers a lock backend that failed (unreachable, timed out, or answering with an error):
	 * {@code 503 Service Unavailable}.
	 * @param ex the failure
	 * @return the response
	 */
	@ExceptionHandler
	public ResponseEntity<ProblemDetail> lockBackendFailed(LockBackendException ex) {
		// The backend's own exception says what failed; the lock layer has fired its unexpected-error event already.
		logger.warn("Lock backend failed for '{}'; answering 503 Service Unavailable: {}", ex.getKey(),
				(ex.getCause() != null) ? ex.getCause().toString() : "unknown cause");
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Lock service unavailable", ex,
				"The lock service is unavailable; try again later.",
				"The lock service is unavailable for '%s'; try again later.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

	/**
	 * When a client refused with 409 may try again, if known. The exception knows only the key: the holder's remaining
	 * time would cost another round trip to the backend, and the holder's owner, at the very moment the key is
	 * contended, so none is given by default. Override it where the application knows how long its locks are held.
	 * @param ex the failure
	 * @return the time to wait, or {@code null} to send no {@code Retry-After}
	 */
	protected @Nullable Duration retryAfter(KeyAlreadyAcquiredException ex) {
		return null;
	}

	private ProblemDetail problem(HttpStatus status, String title, LockException ex, String detail,
			String detailWithKey) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				this.includeKey ? detailWithKey.formatted(ex.getKey()) : detail);
		problem.setTitle(title);
		if (this.includeKey) {
			problem.setProperty(KEY_PROPERTY, ex.getKey());
		}
		return problem;
	}

	// Retry-After counts whole seconds: round up, so that a client never comes back before the time.
	private static long seconds(Duration duration) {
		long seconds = duration.getSeconds() + ((duration.getNano() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
