package dev.distlock.spring.boot.autoconfigure.actuate;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code distlock} health indicator of the default provider, and {@code distlockProviders} with one per provider
 * of {@code distlock.providers.*}, unless {@code management.health.distlock.enabled} is {@code false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(LockProvider.class)
@ConditionalOnEnabledHealthIndicator("distlock")
public final class LockHealthContributorAutoConfiguration {

	LockHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "distlockHealthIndicator")
	LockHealthIndicator distlockHealthIndicator(LockProvider provider, ObjectProvider<LockAdapter> adapter) {
		return new LockHealthIndicator(provider, adapter.getIfUnique());
	}

	// The providers of distlock.providers.*, one indicator each under "distlockProviders", by name.
	@Bean
	@ConditionalOnMissingBean(name = "distlockProvidersHealthContributor")
	@Conditional(OnNamedLockProvidersCondition.class)
	CompositeHealthContributor distlockProvidersHealthContributor(LockProviders providers,
			ListableBeanFactory beanFactory) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		providers.asMap().forEach((name, provider) -> {
			if (!name.equals(LockProviders.DEFAULT_NAME)) {
				Object adapter = beanFactory.containsBean(name + "LockAdapter") ? beanFactory.getBean(name + "LockAdapter")
						: null;
				indicators.put(name, new LockHealthIndicator(provider, adapter));
			}
		});
		return CompositeHealthContributor.fromMap(indicators);
	}

	/** Matches when {@code distlock.providers} names at least one provider. */
	static final class OnNamedLockProvidersCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, Object> providers = Binder.get(context.getEnvironment())
				.bind("distlock.providers", Bindable.mapOf(String.class, Object.class))
				.orElse(Map.of());
			return providers.isEmpty() ? ConditionOutcome.noMatch("distlock.providers names no provider")
					: ConditionOutcome.match("distlock.providers names " + providers.keySet());
		}

	}

}
