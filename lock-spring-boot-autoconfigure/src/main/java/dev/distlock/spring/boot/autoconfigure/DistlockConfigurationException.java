package dev.distlock.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@code distlock.*} property is invalid or asks for what the application cannot provide.
 * {@link DistlockConfigurationFailureAnalyzer} turns it into a report that names the property and the fix.
 *
 * @since 0.1.0
 */
public class DistlockConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable String value;

	private final String action;

	/**
	 * Creates the exception.
	 * @param property the property at fault, for example {@code "distlock.default-ttl"}
	 * @param value its value, {@code null} if it is not set
	 * @param problem what is wrong, as a sentence
	 * @param action how to fix it, as a sentence
	 */
	public DistlockConfigurationException(String property, @Nullable String value, String problem, String action) {
		super(problem);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	/**
	 * The property at fault.
	 * @return the property's name, for example {@code "distlock.adapter"}
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The property's value.
	 * @return the value as configured, or {@code null} if the property is not set
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * How to fix the configuration.
	 * @return the fix, as a sentence
	 */
	public String getAction() {
		return this.action;
	}

}
