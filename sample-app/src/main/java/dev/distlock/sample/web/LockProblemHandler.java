package dev.distlock.sample.web;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.distlock.KeyAlreadyAcquiredException;

/**
 * A lock held by someone else is a conflict, not a server error: 409, with a ProblemDetail that names the busy
 * resource, so a client knows to try again shortly. The same shape as every other 409 ({@link Conflicts}).
 */
@RestControllerAdvice
class LockProblemHandler {

	@ExceptionHandler
	ProblemDetail busy(KeyAlreadyAcquiredException ex) {
		return Conflicts.problem("Resource busy", "'" + ex.getKey() + "' is locked by another request; try again shortly",
				ex.getKey());
	}

}
