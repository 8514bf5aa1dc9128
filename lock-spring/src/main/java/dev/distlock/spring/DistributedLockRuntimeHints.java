package dev.distlock.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What a GraalVM native image needs for {@link DistributedLock} and the Jackson module, which reflection would
 * otherwise find missing at run time. Registered in {@code META-INF/spring/aot.factories}; the methods that carry the
 * annotation are registered per bean by {@link DistributedLockBeanRuntimeHintsProcessor}.
 *
 * <ul>
 * <li>The annotation's attributes, which Spring reads reflectively when it merges the annotation (also as a
 * meta-annotation).</li>
 * <li>{@link LockExpressionRoot}'s getters, which a key expression calls through SpEL ({@code #root.methodName}).</li>
 * <li>When Jackson 3 is present: {@code Lock} and {@code LockHandle} and the module's serializers, which Jackson
 * resolves by type when a payload declares a {@code Lock} field.</li>
 * </ul>
 */
final class DistributedLockRuntimeHints implements RuntimeHintsRegistrar {

	private static final String JACKSON = "tools.jackson.databind.JacksonModule";

	private static final String[] JACKSON_TYPES = { "dev.distlock.Lock", "dev.distlock.LockHandle",
			"dev.distlock.spring.jackson.LockJacksonModule", "dev.distlock.spring.jackson.LockSerializer",
			"dev.distlock.spring.jackson.LockDeserializer", "dev.distlock.spring.jackson.LockHandleSerializer",
			"dev.distlock.spring.jackson.LockHandleDeserializer" };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> annotation : LeaseKind.ANNOTATIONS) {
			hints.reflection().registerType(annotation, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		hints.reflection().registerType(LockExpressionRoot.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		// By name, and only with Jackson there: the module's classes must not be loaded without it.
		if (ClassUtils.isPresent(JACKSON, classLoader)) {
			for (String type : JACKSON_TYPES) {
				hints.reflection()
					.registerType(TypeReference.of(type), MemberCategory.INVOKE_PUBLIC_METHODS,
							MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
			}
		}
	}

}
