package dev.distlock.spring;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
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
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.StringValueResolver;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.LockMode;
import dev.distlock.LockProviders;
import dev.distlock.LockSettings;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Renewal;
import dev.distlock.SemaphoreProvider;

/**
 * Finds and parses the {@link DistributedLock @DistributedLock}, {@link DistributedSemaphore @DistributedSemaphore}
 * or {@link DistributedReadWriteLock @DistributedReadWriteLock} that applies to a method: on the method (or the
 * interface method it implements), else on its class; directly or as a meta-annotation. At most one of them applies
 * at one level; one on the method wins over one on the class. Caches per method and target
 * class, so each annotation is parsed once, when its bean is created.
 */
final class DistributedLockAttributeSource {

	/** The {@code ttl} of a lock that never expires. */
	static final String NEVER = "never";

	/** The largest semaphore limit, as the core allows. */
	static final int MAX_LIMIT = 1_000_000;

	private final Map<MethodClassKey, Optional<DistributedLockAttributes>> cache = new ConcurrentHashMap<>();

	private final LockKeyEvaluator evaluator;

	private @Nullable StringValueResolver valueResolver;

	private NotAcquired defaultNotAcquired = NotAcquired.THROW;

	// Tells whether a provider of a name exists, when known at startup, so that an annotation naming none fails it.
	private @Nullable Predicate<String> providerExists;

	// Tells whether a SemaphoreProvider or ReadWriteLockProvider exists, when known at startup.
	private @Nullable Predicate<Class<?>> leaseProviderExists;

	DistributedLockAttributeSource(LockKeyEvaluator evaluator) {
		this.evaluator = evaluator;
	}

	void setValueResolver(@Nullable StringValueResolver valueResolver) {
		this.valueResolver = valueResolver;
	}

	void setProviderCheck(@Nullable Predicate<String> providerExists) {
		this.providerExists = providerExists;
	}

	void setLeaseProviderCheck(@Nullable Predicate<Class<?>> leaseProviderExists) {
		this.leaseProviderExists = leaseProviderExists;
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
		String methodName = ClassUtils.getQualifiedMethodName(specificMethod, targetClass);
		Found found = findOn(specificMethod, methodName);
		if (found == null && specificMethod != method) {
			found = findOn(method, methodName);
		}
		if (found == null && isBusinessMethod(specificMethod)) {
			found = findOn(targetClass, methodName);
		}
		if (found == null) {
			return null;
		}
		try {
			return parse(found.type(), found.attributes(), specificMethod, methodName);
		}
		catch (InvalidDistributedLockException ex) {
			if (found.type() == DistributedLock.class || ex.getAnnotation().equals(LeaseKind.name(found.type()))) {
				throw ex;
			}
			// The checks shared with @DistributedLock name it; the annotation at fault is another one.
			throw new InvalidDistributedLockException(LeaseKind.name(found.type()), ex.getMethod(), ex.getAttribute(),
					ex.getValue(), ex.getReason().replace("@DistributedLock", LeaseKind.name(found.type())));
		}
	}

	// The one annotation of the three on an element, directly or as a meta-annotation; two kinds on one element
	// contradict each other: a call cannot hold a lock and a semaphore's slot by one annotation.
	private static @Nullable Found findOn(AnnotatedElement element, String methodName) {
		Found found = null;
		for (Class<? extends Annotation> type : LeaseKind.ANNOTATIONS) {
			AnnotationAttributes attributes = AnnotatedElementUtils.findMergedAnnotationAttributes(element, type, false,
					false);
			if (attributes == null) {
				continue;
			}
			if (found != null) {
				throw new InvalidDistributedLockException(LeaseKind.name(type), methodName, "annotation",
						LeaseKind.name(found.type()) + " and " + LeaseKind.name(type),
						"at most one of @DistributedLock, @DistributedSemaphore and @DistributedReadWriteLock may "
								+ "apply to a method; a lock, a semaphore and a read-write lock of one key are "
								+ "different things");
			}
			found = new Found(type, attributes);
		}
		return found;
	}

	private record Found(Class<? extends Annotation> type, AnnotationAttributes attributes) {
	}

	private DistributedLockAttributes parse(Class<? extends Annotation> type, AnnotationAttributes annotation,
			Method specificMethod, String methodName) {
		String ttl = annotation.getString("ttl");
		Renewal renewal = annotation.getEnum("renewal");
		String keySource = annotation.getString("key");
		boolean blocking = annotation.getBoolean("blocking");
		String waitTimeSource = annotation.getString("waitTime");
		String intervalSource = annotation.getString("interval");
		String holdAtLeastSource = annotation.getString("holdAtLeast");
		Expiry expiry = expiry(methodName, ttl);
		if (renewal == Renewal.ENABLED && expiry instanceof Expiry.Never) {
			throw new InvalidDistributedLockException(methodName, "renewal", renewal.name(),
					"a lock with ttl = \"never\" never expires, so there is nothing to renew; remove one of the two");
		}
		LeaseKind kind = kind(type, annotation, methodName);
		// Semaphores and read-write locks come from their one provider bean: the named providers are lock providers.
		String provider = kind.isLock() ? provider(methodName, annotation.getString("provider"))
				: LockProviders.DEFAULT_NAME;
		// Named after the method: a name is a metric tag, and methods are few where keys are many.
		LockSettings lockSettings = LockSettings.defaults().withName(methodName).withRenewal(renewal)
			.withExpiry(expiry);
		Duration holdAtLeast = duration(methodName, "holdAtLeast", holdAtLeastSource, false);
		if (holdAtLeast != null) {
			try {
				lockSettings = lockSettings.withHoldAtLeast(holdAtLeast);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidDistributedLockException(methodName, "holdAtLeast", holdAtLeastSource,
						"must not be longer than the ttl (" + ttl + ")");
			}
		}
		Duration waitTime = duration(methodName, "waitTime", waitTimeSource, true);
		Duration interval = duration(methodName, "interval", intervalSource, false);
		if (interval != null && interval.compareTo(BlockingSettings.MIN_INTERVAL) < 0) {
			// At startup, not at the first call: a sub-millisecond poll would hammer the backend.
			throw new InvalidDistributedLockException(methodName, "interval", intervalSource, "must be at least 1ms");
		}
		if (!blocking) {
			// A wait time on a lock that never waits is a mistake worth reporting, not ignoring.
			requireBlocking(methodName, "waitTime", waitTimeSource);
			requireBlocking(methodName, "interval", intervalSource);
		}
		ReturnKind returnKind = ReturnKind.of(specificMethod, methodName);
		Class<?> returnType = specificMethod.getReturnType();
		boolean skip = skip(methodName, annotation.getEnum("ifNotAcquired"), returnKind, returnType);
		if (kind.mode() != null && keySource.isBlank()) {
			// A read keyed by its own method is excluded by no other method's write: the annotation would guard nothing.
			throw new InvalidDistributedLockException(LeaseKind.name(DistributedReadWriteLock.class), methodName, "key",
					keySource, "must name the resource that readers and writers share; without one, each method would "
							+ "have a read-write lock of its own, which no other method's write excludes");
		}
		Expression key = key(methodName, keySource);
		if (key != null) {
			KeyVariables.check(key, keySource, specificMethod, methodName, this.evaluator.parameterNameDiscoverer());
		}
		return new DistributedLockAttributes(methodName, keySource, key, provider, blocking, lockSettings, waitTime,
				interval, skip, returnKind, returnType, kind);
	}

	private LeaseKind kind(Class<? extends Annotation> type, AnnotationAttributes annotation,
			String methodName) {
		requireLeaseProvider(type, methodName);
		if (type == DistributedSemaphore.class) {
			int limit = annotation.<Integer>getNumber("limit");
			if (limit < 1 || limit > MAX_LIMIT) {
				// At startup, not at the first call: a semaphore of no slots would refuse every call.
				throw new InvalidDistributedLockException(LeaseKind.name(type), methodName, "limit",
						String.valueOf(limit), "must be between 1 and " + MAX_LIMIT);
			}
			return LeaseKind.semaphore(limit);
		}
		if (type == DistributedReadWriteLock.class) {
			return LeaseKind.readWrite(annotation.<LockMode>getEnum("mode"));
		}
		return LeaseKind.LOCK;
	}

	private void requireLeaseProvider(Class<? extends Annotation> type, String methodName) {
		Class<?> providerType = (type == DistributedSemaphore.class) ? SemaphoreProvider.class
				: (type == DistributedReadWriteLock.class) ? ReadWriteLockProvider.class : null;
		Predicate<Class<?>> exists = this.leaseProviderExists;
		if (providerType != null && exists != null && !exists.test(providerType)) {
			// At startup, not at the first call, as for a lock provider that does not exist.
			throw new InvalidDistributedLockException(LeaseKind.name(type), methodName, "provider",
					LockProviders.DEFAULT_NAME, "no " + providerType.getSimpleName() + " bean is defined; the "
							+ "starter defines one for distlock.adapter memory, redis and jdbc, or define your own");
		}
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
