package dev.distlock.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
import dev.distlock.LockSettings;
import dev.distlock.Renewal;

/**
 * Finds and parses the {@link DistributedLock @DistributedLock} that applies to a method: on the method (or the
 * interface method it implements), else on its class; directly or as a meta-annotation. Caches per method and target
 * class, so each annotation is parsed once, when its bean is created.
 */
final class DistributedLockAttributeSource {

	private final Map<MethodClassKey, Optional<DistributedLockAttributes>> cache = new ConcurrentHashMap<>();

	private final LockKeyEvaluator evaluator;

	private @Nullable StringValueResolver valueResolver;

	private NotAcquired defaultNotAcquired = NotAcquired.THROW;

	DistributedLockAttributeSource(LockKeyEvaluator evaluator) {
		this.evaluator = evaluator;
	}

	void setValueResolver(@Nullable StringValueResolver valueResolver) {
		this.valueResolver = valueResolver;
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
		Duration ttl = duration(methodName, "ttl", annotation.ttl(), false);
		if (ttl != null && annotation.noExpiry()) {
			throw new InvalidDistributedLockException(methodName, "ttl", annotation.ttl(),
					"a lock with noExpiry = true has no TTL; remove one of the two");
		}
		if (annotation.renewal() == Renewal.ENABLED && annotation.noExpiry()) {
			throw new InvalidDistributedLockException(methodName, "renewal", annotation.renewal().name(),
					"a lock with noExpiry = true never expires, so there is nothing to renew; remove one of the two");
		}
		// Named after the method: a name is a metric tag, and methods are few where keys are many.
		LockSettings named = LockSettings.defaults().withName(methodName).withRenewal(annotation.renewal());
		LockSettings lockSettings = (ttl != null) ? named.withTtl(ttl) : annotation.noExpiry() ? named.withNoExpiry()
				: named;
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
		return new DistributedLockAttributes(methodName, annotation.key(), key, annotation.blocking(), lockSettings,
				waitTime, interval, skip, returnKind, returnType);
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
