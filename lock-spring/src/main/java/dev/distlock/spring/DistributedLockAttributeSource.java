package dev.distlock.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.LockProviders;
import dev.distlock.LockSettings;
import dev.distlock.Renewal;

/**
 * Finds and parses the {@link DistributedLock @DistributedLock} that applies to a method: on the method (or the
 * interface method it implements), else on its class; directly or as a meta-annotation. Caches per method and target
 * class, so each annotation is parsed once, when its bean is created.
 */
final class DistributedLockAttributeSource {

	/** The {@code ttl} of a lock that never expires. */
	static final String NEVER = "never";

	private final Map<MethodClassKey, Optional<DistributedLockAttributes>> cache = new ConcurrentHashMap<>();

	private final LockKeyEvaluator evaluator;

	private @Nullable StringValueResolver valueResolver;

	private NotAcquired defaultNotAcquired = NotAcquired.THROW;

	// Tells whether a provider of a name exists, when known at startup, so that an annotation naming none fails it.
	private @Nullable Predicate<String> providerExists;

	DistributedLockAttributeSource(LockKeyEvaluator evaluator) {
		this.evaluator = evaluator;
	}

	void setValueResolver(@Nullable StringValueResolver valueResolver) {
		this.valueResolver = valueResolver;
	}

	void setProviderCheck(@Nullable Predicate<String> providerExists) {
		this.providerExists = providerExists;
	}

	void setDefaultNotAcquired(NotAcquired defaultNotAcquired) {
		this.defaultNotAcquired = (defaultNotAcquired == NotAcquired.DEFAULT) ? NotAcquired.THROW : defaultNotAcquired;
	}

	/**
	 * The parsed annotation for {@code method} called on {@code targetClass}.
	 * @return the attributes, or {@code null} if the method is not annotated
	 * @throws InvalidDistributedLockException if the annotation has an invalid attribute
	 */
	@Nullable DistributedLockAttributes find(Method method, Class<?> targetClass) {
		MethodClassKey cacheKey = new MethodClassKey(method, targetClass);
		Optional<DistributedLockAttributes> cached = this.cache.get(cacheKey);
		if (cached == null) {
			cached = Optional.ofNullable(parse(method, targetClass));
			this.cache.put(cacheKey, cached);
		}
		return cached.orElse(null);
	}

	private @Nullable DistributedLockAttributes parse(Method method, Class<?> targetClass) {
		Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
		DistributedLock annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, DistributedLock.class);
		if (annotation == null && specificMethod != method) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method, DistributedLock.class);
		}
		if (annotation == null && isBusinessMethod(specificMethod)) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, DistributedLock.class);
		}
		if (annotation == null) {
			return null;
		}
		String methodName = ClassUtils.getQualifiedMethodName(specificMethod, targetClass);
		Expiry expiry = expiry(methodName, annotation.ttl());
		if (annotation.renewal() == Renewal.ENABLED && expiry instanceof Expiry.Never) {
			throw new InvalidDistributedLockException(methodName, "renewal", annotation.renewal().name(),
					"a lock with ttl = \"never\" never expires, so there is nothing to renew; remove one of the two");
		}
		String provider = provider(methodName, annotation.provider());
		// Named after the method: a name is a metric tag, and methods are few where keys are many.
		LockSettings lockSettings = LockSettings.defaults().withName(methodName).withRenewal(annotation.renewal())
			.withExpiry(expiry);
		Duration holdAtLeast = duration(methodName, "holdAtLeast", annotation.holdAtLeast(), false);
		if (holdAtLeast != null) {
			try {
				lockSettings = lockSettings.withHoldAtLeast(holdAtLeast);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidDistributedLockException(methodName, "holdAtLeast", annotation.holdAtLeast(),
						"must not be longer than the ttl (" + annotation.ttl() + ")");
			}
		}
		Duration waitTime = duration(methodName, "waitTime", annotation.waitTime(), true);
		Duration interval = duration(methodName, "interval", annotation.interval(), false);
		if (interval != null && interval.compareTo(BlockingSettings.MIN_INTERVAL) < 0) {
			// At startup, not at the first call: a sub-millisecond poll would hammer the backend.
			throw new InvalidDistributedLockException(methodName, "interval", annotation.interval(),
					"must be at least 1ms");
		}
		if (!annotation.blocking()) {
			// A wait time on a lock that never waits is a mistake worth reporting, not ignoring.
			requireBlocking(methodName, "waitTime", annotation.waitTime());
			requireBlocking(methodName, "interval", annotation.interval());
		}
		ReturnKind returnKind = ReturnKind.of(specificMethod, methodName);
		Class<?> returnType = specificMethod.getReturnType();
		boolean skip = skip(methodName, annotation.ifNotAcquired(), returnKind, returnType);
		Expression key = key(methodName, annotation.key());
		if (key != null) {
			KeyVariables.check(key, annotation.key(), specificMethod, methodName,
					this.evaluator.parameterNameDiscoverer());
		}
		return new DistributedLockAttributes(methodName, annotation.key(), key, provider, annotation.blocking(),
				lockSettings, waitTime, interval, skip, returnKind, returnType);
	}

	private boolean skip(String methodName, NotAcquired notAcquired, ReturnKind returnKind, Class<?> returnType) {
		if (notAcquired == NotAcquired.SKIP && !returnKind.canBeEmpty(returnType)) {
			throw new InvalidDistributedLockException(methodName, "ifNotAcquired", notAcquired.name(),
					"a method returning " + returnType.getName() + " has no empty value to return when skipped; "
							+ "return its wrapper type, an Optional or void");
		}
		NotAcquired resolved = (notAcquired == NotAcquired.DEFAULT) ? this.defaultNotAcquired : notAcquired;
		// The application's default leaves the methods that cannot be skipped throwing, rather than failing startup.
		return resolved == NotAcquired.SKIP && returnKind.canBeEmpty(returnType);
	}

	// A class-level annotation locks the public methods a caller calls, never toString, equals or hashCode (a log
	// line would take the lock) nor the non-public methods a class proxy happens to intercept.
	private static boolean isBusinessMethod(Method method) {
		return Modifier.isPublic(method.getModifiers()) && !ReflectionUtils.isToStringMethod(method)
				&& !ReflectionUtils.isEqualsMethod(method) && !ReflectionUtils.isHashCodeMethod(method);
	}

	private @Nullable Expression key(String methodName, String key) {
		if (!StringUtils.hasText(key)) {
			return null;
		}
		try {
			return this.evaluator.parse(key);
		}
		catch (ParseException ex) {
			throw new InvalidDistributedLockException(methodName, "key", key,
					"not a valid SpEL expression (" + ex.getMessage() + ")");
		}
	}

	private Expiry expiry(String methodName, String ttl) {
		String resolved = resolve(ttl);
		if (resolved != null && resolved.strip().equalsIgnoreCase(NEVER)) {
			return Expiry.never();
		}
		Duration duration = duration(methodName, "ttl", ttl, false);
		return (duration != null) ? checkedTtl(methodName, ttl, duration) : Expiry.providerDefault();
	}

	private static Expiry checkedTtl(String methodName, String ttl, Duration duration) {
		try {
			return Expiry.after(duration);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDistributedLockException(methodName, "ttl", ttl, "must be at most 36500 days (100 years)");
		}
	}

	private String provider(String methodName, String provider) {
		if (!StringUtils.hasText(provider)) {
			return LockProviders.DEFAULT_NAME;
		}
		Predicate<String> exists = this.providerExists;
		if (exists != null && !exists.test(provider)) {
			// At startup, not at the first call: a lock taken from no provider, or the wrong one, is no lock.
			throw new InvalidDistributedLockException(methodName, "provider", provider,
					"no lock provider is named '" + provider + "'; configure distlock.providers." + provider
							+ ".* or define a LockProvider bean qualified \"" + provider + "\"");
		}
		return provider;
	}

	private @Nullable Duration duration(String methodName, String attribute, String value, boolean zeroAllowed) {
		String resolved = resolve(value);
		if (!StringUtils.hasText(resolved)) {
			return null;
		}
		Duration duration;
		try {
			duration = DurationFormatterUtils.detectAndParse(resolved.strip());
		}
		catch (RuntimeException ex) {
			throw new InvalidDistributedLockException(methodName, attribute, value,
					"not a duration; write one like \"30s\", \"500ms\", \"5m\" or \"PT30S\"");
		}
		if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
			throw new InvalidDistributedLockException(methodName, attribute, value,
					"must be " + (zeroAllowed ? "zero or positive" : "positive"));
		}
		return duration;
	}

	private @Nullable String resolve(String value) {
		return (this.valueResolver != null && StringUtils.hasText(value)) ? this.valueResolver.resolveStringValue(value)
				: value;
	}

	private static void requireBlocking(String methodName, String attribute, String value) {
		if (StringUtils.hasText(value)) {
			throw new InvalidDistributedLockException(methodName, attribute, value,
					"only used with blocking = true; set blocking = true or remove " + attribute);
		}
	}

}
