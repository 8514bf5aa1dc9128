package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.convert.converter.Converter;

import dev.distlock.Expiry;

/**
 * Reads {@code default-ttl}: {@code "never"} for {@link Expiry#never()}, else a duration as Spring Boot writes them
 * ({@code "30s"}, {@code "5m"}, {@code "PT30S"}) for {@link Expiry#after(Duration)}. A duration the core refuses
 * (zero, negative, over 100 years) fails the binding, which Spring Boot reports with the property's name.
 */
final class ExpiryConverter implements Converter<String, Expiry.Resolved> {

	/** The value of a lock that never expires. */
	static final String NEVER = "never";

	@Override
	public Expiry.Resolved convert(String source) {
		String value = source.strip();
		if (value.equalsIgnoreCase(NEVER)) {
			return Expiry.never();
		}
		try {
			return Expiry.after(DurationStyle.detectAndParse(value));
		}
		catch (IllegalArgumentException ex) {
			// Spring Boot's report shows the innermost cause as the reason: this one, saying what to write.
			throw new IllegalArgumentException(ex.getMessage() + "; set a positive duration of at most 36500 days, "
					+ "such as 30s or 5m, or \"never\" for locks that live until released");
		}
	}

}
