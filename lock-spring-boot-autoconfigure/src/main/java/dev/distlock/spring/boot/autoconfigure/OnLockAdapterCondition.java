package dev.distlock.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnLockAdapter}. An unknown value matches nothing; the configuration that explains
 * a missing adapter reports it.
 */
class OnLockAdapterCondition extends SpringBootCondition {

	static final String PROPERTY = "distlock.adapter";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnLockAdapter.class.getName());
		LockAdapterType[] wanted = (attributes != null) ? (LockAdapterType[]) attributes.get("value")
				: new LockAdapterType[0];
		String value = context.getEnvironment().getProperty(PROPERTY);
		LockAdapterType type = LockAdapterType.fromPropertyValue(value);
		if (type != null && Arrays.asList(wanted).contains(type)) {
			return ConditionOutcome.match(PROPERTY + " is " + type.propertyValue());
		}
		return ConditionOutcome.noMatch(PROPERTY + " is '" + value + "', not one of " + Arrays.toString(wanted));
	}

}
