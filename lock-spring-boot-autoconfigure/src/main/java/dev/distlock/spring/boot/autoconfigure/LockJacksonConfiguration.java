package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

import dev.distlock.LockProviders;
import dev.distlock.spring.jackson.LockJacksonModule;

/**
 * The {@link LockJacksonModule} as a bean, when Jackson 3 is on the classpath: Spring Boot's Jackson
 * auto-configuration adds every {@code JacksonModule} bean to the application's {@code JsonMapper}, so a
 * {@link dev.distlock.Lock} in any payload it writes or reads travels as a handle.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "tools.jackson.databind.JacksonModule")
final class LockJacksonConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LockJacksonModule lockJacksonModule(ObjectProvider<LockProviders> lockProviders) {
		// Looked up on the first read, not now: a LockProvider bean of the application's may need the JsonMapper.
		// Every provider: a lock read goes back to the provider of its namespace, and one of no provider's is refused.
		return LockJacksonModule.forProviders(SingletonSupplier.of(lockProviders::getObject));
	}

}
