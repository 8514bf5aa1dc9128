package dev.distlock.spring;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link DistributedLock#key()} expression sees as {@code #root}: the called method, its arguments and the
 * bean, for example {@code #root.methodName} or {@code #root.targetClass.simpleName}.
 *
 * @since 0.1.0
 */
public final class LockExpressionRoot {

	private final Method method;

	private final @Nullable Object[] args;

	private final @Nullable Object target;

	private final Class<?> targetClass;

	LockExpressionRoot(Method method, @Nullable Object[] args, @Nullable Object target, Class<?> targetClass) {
		this.method = method;
		this.args = args;
		this.target = target;
		this.targetClass = targetClass;
	}

	/**
	 * The called method.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * The called method's name.
	 * @return the name, for example {@code "ship"}
	 */
	public String getMethodName() {
		return this.method.getName();
	}

	/**
	 * The call's arguments.
	 * @return the arguments, in order
	 */
	public @Nullable Object[] getArgs() {
		return this.args;
	}

	/**
	 * The bean the method is called on, behind any proxy.
	 * @return the target object, {@code null} only when the interceptor is called without a target
	 */
	public @Nullable Object getTarget() {
		return this.target;
	}

	/**
	 * The bean's class, behind any proxy.
	 * @return the target class
	 */
	public Class<?> getTargetClass() {
		return this.targetClass;
	}

}
