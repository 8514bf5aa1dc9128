package dev.distlock.spring;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers, for a GraalVM native image, the methods of every bean that {@link DistributedLock} locks: the
 * interceptor finds the annotation on them and a key expression reads their parameters by name ({@code #seat}), both
 * through reflection, as are the getters of its parameters' own types ({@code #order.id}). A class-level annotation
 * registers the class's public methods. Registered in
 * {@code META-INF/spring/aot.factories}; runs only during Spring's AOT processing.
 */
final class DistributedLockBeanRuntimeHintsProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
		Class<?> type = ClassUtils.getUserClass(bean.getBeanClass());
		boolean classLocked = isLocked(type);
		List<Method> locked = lockedMethods(type);
		if (!classLocked && locked.isEmpty()) {
			return null;
		}
		return (context, code) -> {
			ReflectionHints reflection = context.getRuntimeHints().reflection();
			if (classLocked) {
				reflection.registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
			}
			for (Method method : locked) {
				reflection.registerMethod(method, ExecutableMode.INVOKE);
				// A key may read a parameter's properties (#order.id): SpEL calls their getters reflectively.
				for (Class<?> parameterType : method.getParameterTypes()) {
					if (isApplicationType(parameterType)) {
						reflection.registerType(parameterType, MemberCategory.INVOKE_PUBLIC_METHODS);
					}
				}
			}
		};
	}

	// The JDK's own types (String, Long, …) are SpEL's and GraalVM's business, not ours.
	private static boolean isApplicationType(Class<?> type) {
		return !type.isPrimitive() && !type.isArray() && !type.getName().startsWith("java.");
	}

	private static List<Method> lockedMethods(Class<?> type) {
		List<Method> locked = new ArrayList<>();
		ReflectionUtils.doWithMethods(type, locked::add,
				(method) -> !Modifier.isStatic(method.getModifiers()) && !method.isBridge()
						&& isLocked(method));
		return locked;
	}

	// Any of the three annotations: a semaphore's or read-write lock's method is called the same way.
	private static boolean isLocked(AnnotatedElement element) {
		return LeaseKind.ANNOTATIONS.stream().anyMatch((type) -> AnnotatedElementUtils.hasAnnotation(element, type));
	}

}
