package dev.distlock.spring;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;

import org.jspecify.annotations.Nullable;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.ClassUtils;

/**
 * How a {@code @DistributedLock} method's work is done, decided from its signature when its bean is created: on the
 * call (synchronous), when a returned stage completes, or when a returned publisher is subscribed to. A return type
 * whose work would run after the lock is released, unseen, is refused instead: no method runs unlocked silently.
 */
enum ReturnKind {

	/** The work is done when the method returns. */
	SYNCHRONOUS,

	/** A {@code CompletionStage}: acquired on the call, released when the stage completes. */
	COMPLETION_STAGE,

	/** A Reactor {@code Mono}: one subscription, one lock. */
	MONO,

	/** A Reactor {@code Flux}. */
	FLUX,

	/** Another reactive type (RxJava, Kotlin {@code Flow}, JDK {@code Flow.Publisher}, ...), through Spring's adapter. */
	ADAPTED,

	/** A Kotlin {@code suspend} function: Spring's proxy calls it as a {@code Mono} and awaits that. */
	SUSPENDING;

	private static final ClassLoader CLASS_LOADER = ReturnKind.class.getClassLoader();

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono", CLASS_LOADER);

	// What Spring's AOP proxies need to call a suspend function as a Mono.
	private static final boolean COROUTINES_REACTOR_PRESENT = ClassUtils
		.isPresent("kotlinx.coroutines.reactor.MonoKt", CLASS_LOADER);

	// Asynchronous results of web frameworks, by name: they may not be on the classpath.
	private static final List<String> DEFERRED_RESULTS = List.of(
			"org.springframework.web.context.request.async.DeferredResult",
			"org.springframework.web.context.request.async.WebAsyncTask",
			"org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter",
			"org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody");

	/**
	 * The kind of {@code method}.
	 * @param method the method
	 * @param methodName its qualified name, for the message
	 * @return the kind
	 * @throws InvalidDistributedLockException if its work cannot be locked correctly
	 */
	static ReturnKind of(Method method, String methodName) {
		Class<?> type = method.getReturnType();
		if (KotlinDetector.isSuspendingFunction(method)) {
			if (!COROUTINES_REACTOR_PRESENT || !REACTOR_PRESENT) {
				throw refused(methodName, "suspend fun", "a suspend function is locked through Reactor: add "
						+ "kotlinx-coroutines-reactor (and reactor-core) to the classpath");
			}
			// Spring calls a suspend function that returns a Flow as a Flux of its elements, which a lock taken as for a
			// single value would cut short after the first one.
			if (isNamed(MethodParameter.forExecutable(method, -1).getParameterType(),
					List.of("kotlinx.coroutines.flow.Flow"))) {
				throw refused(methodName, "suspend fun returning Flow", "a Flow is locked while it is collected: "
						+ "declare the function without suspend");
			}
			return SUSPENDING;
		}
		if (CompletionStage.class.isAssignableFrom(type)) {
			return COMPLETION_STAGE;
		}
		if (REACTOR_PRESENT && ReactorLocking.isMono(type)) {
			return MONO;
		}
		if (REACTOR_PRESENT && ReactorLocking.isFlux(type)) {
			return FLUX;
		}
		if (isNamed(type, List.of("kotlinx.coroutines.Deferred"))) {
			// Spring's registry adapts it as if deferred, but async { } has started the coroutine already.
			throw refused(methodName, type.getName(), "a Deferred runs its coroutine from the moment it is made, so "
					+ "the lock cannot cover it; make the function suspend, or return a Flow or a Mono");
		}
		ReactiveAdapter adapter = REACTOR_PRESENT ? ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) : null;
		if (adapter != null) {
			if (!adapter.getDescriptor().isDeferred()) {
				// Started before the method returns, by something the lock cannot wait for.
				throw refused(methodName, type.getName(), "it starts its work eagerly, so the lock cannot cover it; "
						+ "return a CompletableFuture, a Mono or a Flux");
			}
			return ADAPTED;
		}
		String reason = unlockableReason(type);
		if (reason != null) {
			throw refused(methodName, type.getName(), reason);
		}
		return SYNCHRONOUS;
	}

	private static @Nullable String unlockableReason(Class<?> type) {
		if (Future.class.isAssignableFrom(type)) {
			return "a Future says neither when its work ends nor lets anything run then; return a "
					+ "CompletableFuture instead";
		}
		if (BaseStream.class.isAssignableFrom(type) || Callable.class.isAssignableFrom(type)
				|| isNamed(type, DEFERRED_RESULTS)) {
			return "its work runs after the method returned, when the lock is released already";
		}
		if (isNamed(type, List.of("org.reactivestreams.Publisher", "java.util.concurrent.Flow$Publisher",
				"kotlinx.coroutines.flow.Flow"))) {
			return "a reactive type is locked through Reactor and Spring's ReactiveAdapterRegistry: add reactor-core "
					+ "(and, for Kotlin types, kotlinx-coroutines-reactor) to the classpath";
		}
		return null;
	}

	private static boolean isNamed(Class<?> type, List<String> names) {
		for (Class<?> current = type; current != null; current = current.getSuperclass()) {
			if (names.contains(current.getName())) {
				return true;
			}
			for (Class<?> implemented : ClassUtils.getAllInterfacesForClassAsSet(current)) {
				if (names.contains(implemented.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	private static InvalidDistributedLockException refused(String methodName, String type, String reason) {
		return new InvalidDistributedLockException(methodName, "return type", type, reason);
	}

	/**
	 * Whether a skipped call of a method of this kind can return an empty value of {@code type}.
	 * @param type the declared return type
	 * @return {@code false} only for a synchronous method returning a primitive
	 */
	boolean canBeEmpty(Class<?> type) {
		return this != SYNCHRONOUS || !type.isPrimitive() || type == void.class;
	}

	/**
	 * The value a skipped synchronous or {@code CompletionStage} call returns.
	 * @param type the declared return type
	 * @return {@code null}, {@code Optional.empty()}, or a completed stage
	 */
	static @Nullable Object emptyValue(ReturnKind kind, Class<?> type) {
		if (kind == COMPLETION_STAGE) {
			return java.util.concurrent.CompletableFuture.completedFuture(null);
		}
		return (type == Optional.class) ? Optional.empty() : null;
	}

}
