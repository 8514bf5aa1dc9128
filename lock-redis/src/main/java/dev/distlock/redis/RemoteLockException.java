package dev.distlock.redis;

import org.jspecify.annotations.Nullable;

/**
 * The error of a {@link dev.distlock.event.LockUnexpectedErrorEvent} that another instance fired, as received through
 * {@link RedisLockEventBus}: the name of the remote exception's class and its message, nothing more. The remote class
 * is never loaded here (it may not exist in this application, and a name from the network must not choose what is
 * instantiated), and no stack trace travels or is filled in.
 *
 * @since 0.1.0
 */
public final class RemoteLockException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String remoteType;

	private final @Nullable String remoteMessage;

	/**
	 * Creates the exception.
	 * @param remoteType the fully qualified class name of the exception in the instance that fired the event
	 * @param remoteMessage its message, {@code null} if it had none
	 * @throws IllegalArgumentException if {@code remoteType} is {@code null} or blank
	 */
	public RemoteLockException(String remoteType, @Nullable String remoteMessage) {
		super(message(remoteType, remoteMessage), null, false, false);
		this.remoteType = remoteType;
		this.remoteMessage = remoteMessage;
	}

	/**
	 * The class name of the exception in the instance that fired the event.
	 * @return for example {@code "org.springframework.data.redis.RedisConnectionFailureException"}
	 */
	public String getRemoteType() {
		return this.remoteType;
	}

	/**
	 * The message of the exception in the instance that fired the event.
	 * @return the message, {@code null} if it had none
	 */
	public @Nullable String getRemoteMessage() {
		return this.remoteMessage;
	}

	private static String message(String remoteType, @Nullable String remoteMessage) {
		if (remoteType == null || remoteType.isBlank()) {
			throw new IllegalArgumentException("remoteType must not be null or blank");
		}
		return (remoteMessage != null) ? remoteType + ": " + remoteMessage : remoteType;
	}

}
