package dev.distlock.spring;

/**
 * Thrown when a bean is created if one of its {@link DistributedLock @DistributedLock},
 * {@link DistributedSemaphore @DistributedSemaphore} or {@link DistributedReadWriteLock @DistributedReadWriteLock}
 * annotations has an invalid attribute: a key that is not valid SpEL, a duration that does not parse, a limit out of
 * range, or attributes that contradict each other.
 *
 * @since 0.1.0
 */
public class InvalidDistributedLockException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String method;

	private final String attribute;

	private final String value;

	private final String annotation;

	private final String reason;

	/**
	 * Creates the exception for a {@code @DistributedLock} annotation.
	 * @param method the annotated method's qualified name
	 * @param attribute the annotation attribute at fault, for example {@code "key"}
	 * @param value the attribute's value
	 * @param reason what is wrong with it
	 */
	public InvalidDistributedLockException(String method, String attribute, String value, String reason) {
		this("@DistributedLock", method, attribute, value, reason);
	}

	/**
	 * Creates the exception.
	 * @param annotation the annotation, for example {@code "@DistributedSemaphore"}
	 * @param method the annotated method's qualified name
	 * @param attribute the annotation attribute at fault, for example {@code "key"}
	 * @param value the attribute's value
	 * @param reason what is wrong with it
	 */
	public InvalidDistributedLockException(String annotation, String method, String attribute, String value,
			String reason) {
		super(annotation + " on " + method + " has an invalid " + attribute + " '" + value + "': " + reason);
		this.annotation = annotation;
		this.method = method;
		this.attribute = attribute;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * The annotation at fault.
	 * @return its name with the {@code @}, for example {@code "@DistributedLock"}
	 */
	public String getAnnotation() {
		return this.annotation;
	}

	/**
	 * What is wrong with the attribute.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * The annotated method.
	 * @return the method's qualified name, for example {@code com.example.OrderService.ship}
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * The annotation attribute at fault.
	 * @return the attribute's name, for example {@code "key"} or {@code "ttl"}
	 */
	public String getAttribute() {
		return this.attribute;
	}

	/**
	 * The attribute's value.
	 * @return the value as written in the annotation
	 */
	public String getValue() {
		return this.value;
	}

}
