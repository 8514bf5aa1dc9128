package dev.distlock.spring;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.Expression;

/**
 * Parses key expressions once and evaluates them per call, with the method's arguments as variables and
 * {@link LockExpressionRoot} as {@code #root}.
 */
final class LockKeyEvaluator extends CachedExpressionEvaluator {

	private final @Nullable BeanResolver beanResolver;

	LockKeyEvaluator(@Nullable BeanResolver beanResolver) {
		this.beanResolver = beanResolver;
	}

	ParameterNameDiscoverer parameterNameDiscoverer() {
		return getParameterNameDiscoverer();
	}

	Expression parse(String expression) {
		return parseExpression(expression);
	}

	@Nullable Object evaluate(Expression key, LockExpressionRoot root, Method method, @Nullable Object[] args) {
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(root, method, args,
				getParameterNameDiscoverer());
		if (this.beanResolver != null) {
			context.setBeanResolver(this.beanResolver);
		}
		return key.getValue(context);
	}

}
