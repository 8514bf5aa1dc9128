package dev.distlock.sample.nightly;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Switches on Spring's {@code @Scheduled} methods for the sample; Spring Boot then provides the task scheduler.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class NightlyReportScheduling {

}
