package dev.distlock.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportAware;
import org.springframework.context.annotation.Role;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link DistributedLockBeanPostProcessor}, configured from {@link EnableDistributedLocks}.
 *
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class DistributedLockConfiguration implements ImportAware {

	/** The post-processor's bean name. */
	public static final String POST_PROCESSOR_BEAN_NAME = "dev.distlock.spring.internalDistributedLockPostProcessor";

	private @Nullable AnnotationAttributes enableDistributedLocks;

	/** Creates the configuration; Spring calls it. */
	public DistributedLockConfiguration() {
	}

	@Override
	public void setImportMetadata(AnnotationMetadata importMetadata) {
		this.enableDistributedLocks = AnnotationAttributes
			.fromMap(importMetadata.getAnnotationAttributes(EnableDistributedLocks.class.getName()));
	}

	/**
	 * The post-processor that applies {@code @DistributedLock}.
	 * @return the post-processor
	 */
	@Bean(name = POST_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	public DistributedLockBeanPostProcessor distributedLockBeanPostProcessor() {
		DistributedLockBeanPostProcessor postProcessor = new DistributedLockBeanPostProcessor();
		if (this.enableDistributedLocks != null) {
			postProcessor.setProxyTargetClass(this.enableDistributedLocks.getBoolean("proxyTargetClass"));
			postProcessor.setAdvisorOrder(this.enableDistributedLocks.getNumber("order"));
		}
		return postProcessor;
	}

}
