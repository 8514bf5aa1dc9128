package dev.distlock.spring.actuate;

import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * The {@code locks} endpoint over HTTP: a key the provider refuses is a {@code 400 Bad Request} whose body is a
 * problem detail (RFC 9457, {@value #PROBLEM_JSON_VALUE}) saying why, whatever the application's own error handling;
 * everything else is {@link LocksEndpoint}'s. Access is the endpoint's: the {@code DELETE} only with
 * {@code management.endpoint.locks.access=unrestricted}.
 *
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = LocksEndpoint.class)
public final class LocksEndpointWebExtension {

	/** The media type of a problem detail, as a string. */
	public static final String PROBLEM_JSON_VALUE = "application/problem+json";

	private static final MimeType PROBLEM_JSON = MimeType.valueOf(PROBLEM_JSON_VALUE);

	private final LocksEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint it extends
	 */
	public LocksEndpointWebExtension(LocksEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Reads the state of a key in the backend, as {@link LocksEndpoint#lock(String)} does.
	 * @param key the key, without the namespace
	 * @return the key's state, or a 400 problem detail if the provider refuses the key
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> lock(@Selector String key) {
		return answer(() -> this.endpoint.lock(key));
	}

	/**
	 * Reads the state of a semaphore's or read-write lock's key, as {@link LocksEndpoint#lease(String, String)} does.
	 * @param kind {@value LocksEndpoint#SEMAPHORES} or {@value LocksEndpoint#READ_WRITE_LOCKS}
	 * @param key the key, without the namespace
	 * @return the key's state, or a 400 problem detail for an unknown kind or a key the provider refuses
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> lease(@Selector String kind, @Selector String key) {
		return answer(() -> this.endpoint.lease(kind, key));
	}

	/**
	 * Force releases a key, as {@link LocksEndpoint#forceRelease(String)} does.
	 * @param key the key, without the namespace
	 * @return whether a lock existed and was released, or a 400 problem detail if the provider refuses the key
	 */
	@DeleteOperation
	public WebEndpointResponse<OperationResponseBody> forceRelease(@Selector String key) {
		return answer(() -> this.endpoint.forceRelease(key));
	}

	private static WebEndpointResponse<OperationResponseBody> answer(Supplier<OperationResponseBody> operation) {
		try {
			return new WebEndpointResponse<>(operation.get());
		}
		catch (InvalidEndpointRequestException ex) {
			// The client's mistake, not the server's: no stack trace in the log, and the client learns why.
			return new WebEndpointResponse<>(new Problem("about:blank", "Bad Request",
					WebEndpointResponse.STATUS_BAD_REQUEST, Objects.requireNonNullElse(ex.getReason(), ex.getMessage())),
					WebEndpointResponse.STATUS_BAD_REQUEST,
					PROBLEM_JSON);
		}
	}

	/**
	 * A problem detail (RFC 9457).
	 *
	 * @param type the problem type, {@code about:blank}: the status says it all
	 * @param title the status's phrase
	 * @param status the HTTP status
	 * @param detail what was wrong with the request
	 */
	public record Problem(String type, String title, int status, String detail) implements OperationResponseBody {
	}

}
