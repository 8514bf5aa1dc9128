package dev.distlock.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnLockAdapter}: binds {@code distlock.adapter} once through the {@link Binder},
 * as Spring Boot's {@code CacheCondition} binds {@code spring.cache.type}, so that it reads the value exactly as the
 * properties do. A value that names no adapter fails the binding, which Spring Boot reports with the property and
 * the values it may take.
 */
class OnLockAdapterCondition extends SpringBootCondition {

	static final String PROPERTY = "distlock.adapter";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnLockAdapter.class.getName());
		LockAdapterType[] wanted = (attributes != null) ? (LockAdapterType[]) attributes.get("value")
				: new LockAdapterType[0];
		LockAdapterType type = adapterType(context.getEnvironment());
		if (Arrays.asList(wanted).contains(type)) {
			return ConditionOutcome.match(PROPERTY + " is " + type.propertyValue());
		}
		return ConditionOutcome.noMatch(PROPERTY + " is " + type.propertyValue() + ", not one of "
				+ Arrays.toString(wanted));
	}

	/**
	 * The adapter {@code distlock.adapter} chooses.
	 * @param environment the environment
	 * @return the type, {@link LockAdapterType#AUTO} when unset
	 */
	static LockAdapterType adapterType(Environment environment) {
		return Binder.get(environment).bind(PROPERTY, LockAdapterType.class).orElse(LockAdapterType.AUTO);
	}

}
