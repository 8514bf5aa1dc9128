package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

import dev.distlock.adapter.MemoryLockAdapter;

/**
 * The README's retry example: Spring Framework's own {@link RetryTemplate} retries a failed acquire, no retry
 * machinery of ours.
 */
class RetryWithSpringRetryTemplateTests {

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();

	private final Lock holder = this.provider.create("report");

	private final Lock lock = this.provider.create("report");

	private final RetryTemplate retryTemplate = new RetryTemplate(RetryPolicy.builder()
		.includes(KeyAlreadyAcquiredException.class)
		.maxRetries(4)
		.delay(Duration.ofMillis(1))
		.build());

	@Test
	void retriesUntilTheHolderReleases() throws RetryException {
		this.holder.acquireOrFail();
		AtomicInteger attempts = new AtomicInteger();
		this.retryTemplate.setRetryListener(new RetryListener() {
			@Override
			public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable) {
				if (attempts.incrementAndGet() == 2) {
					RetryWithSpringRetryTemplateTests.this.holder.release();
				}
			}
		});
		String report = this.retryTemplate.execute(() -> this.lock.runOrFail(() -> "report"));
		assertThat(report).isEqualTo("report");
		assertThat(attempts).hasValue(2);
	}

	@Test
	void givesUpWithTheLastFailedAcquireAsCause() {
		this.holder.acquireOrFail();
		assertThatExceptionOfType(RetryException.class)
			.isThrownBy(() -> this.retryTemplate.execute(() -> this.lock.runOrFail(() -> "report")))
			.withCauseInstanceOf(KeyAlreadyAcquiredException.class);
	}

}
