package dev.distlock.spring.boot.autoconfigure.web;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.web.LockProblemDetailsExceptionHandler;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * In a Spring MVC application, a lock held elsewhere answers 409 and a failed backend 503, each as a problem detail
 * without owner, and without key unless opted in; the application's own advice or handler bean wins; a property
 * switches it off; an application that is not a servlet web application gets no handler.
 */
class LockProblemDetailsMvcTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				DistributedLockAutoConfiguration.class, LockProblemDetailsAutoConfiguration.class))
		.withUserConfiguration(LockedEndpoints.Controllers.class)
		.withPropertyValues("distlock.adapter=memory");

	@Test
	void aLockHeldElsewhereIsAConflictWithoutKeyOrOwner() {
		this.runner.run((context) -> {
			Lock holder = hold(context, "orders:42");
			mvc(context).perform(post("/orders/42/ship"))
				.andExpect(status().isConflict())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(409))
				.andExpect(jsonPath("$.title").value("Resource locked"))
				.andExpect(jsonPath("$.detail").value("The resource is locked by another operation; try again later."))
				.andExpect(jsonPath("$.instance").value("/orders/42/ship"))
				.andExpect(jsonPath("$.lockKey").doesNotExist())
				.andExpect(content().string(not(containsString("orders:42"))))
				.andExpect(content().string(not(containsString(holder.getOwner()))))
				.andExpect(header().doesNotExist(HttpHeaders.RETRY_AFTER));
			holder.release();
			mvc(context).perform(post("/orders/42/ship")).andExpect(status().isOk());
		});
	}

	@Test
	void aBlockingWaitThatRanOutIsAConflictToo() {
		this.runner.run((context) -> {
			Lock holder = hold(context, "orders:43");
			mvc(context).perform(post("/orders/43/pack")).andExpect(status().isConflict());
			holder.release();
		});
	}

	@Test
	void theKeyIsNamedOnlyWhenOptedIn() {
		this.runner.withPropertyValues("distlock.web.problem-details.include-key=true").run((context) -> {
			Lock holder = hold(context, "orders:44");
			mvc(context).perform(post("/orders/44/ship"))
				.andExpect(status().isConflict())
				.andExpect(jsonPath("$.lockKey").value("orders:44"))
				.andExpect(jsonPath("$.detail").value("'orders:44' is locked by another operation; try again later."))
				.andExpect(content().string(not(containsString(holder.getOwner()))));
			holder.release();
		});
	}

	@Test
	void aFailedBackendIsServiceUnavailableWithoutTheBackendsMessage() {
		this.runner.run((context) -> mvc(context).perform(post("/orders/45/invoice"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Lock service unavailable"))
			.andExpect(content().string(not(containsString("connection refused"))))
			.andExpect(content().string(not(containsString("invoices:45")))));
	}

	@Test
	void theApplicationsOwnAdviceWins() {
		this.runner.withUserConfiguration(LockedEndpoints.OwnAdviceConfiguration.class).run((context) -> {
			Lock holder = hold(context, "orders:46");
			mvc(context).perform(post("/orders/46/ship"))
				.andExpect(status().isLocked())
				.andExpect(jsonPath("$.title").value("Own advice"));
			// distlock's handler still answers what the application's advice leaves alone.
			mvc(context).perform(post("/orders/46/invoice")).andExpect(status().isServiceUnavailable());
			holder.release();
		});
	}

	@Test
	void theApplicationsOwnHandlerBeanReplacesDistlocksAndMaySayWhenToRetry() {
		this.runner.withUserConfiguration(LockedEndpoints.OwnHandlerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LockProblemDetailsExceptionHandler.class)
				.hasBean("ownLockProblemDetails");
			Lock holder = hold(context, "orders:47");
			mvc(context).perform(post("/orders/47/ship"))
				.andExpect(status().isConflict())
				.andExpect(header().string(HttpHeaders.RETRY_AFTER, "2"));
			holder.release();
		});
	}

	@Test
	void switchedOffThePropertyLeavesTheFailureToTheApplication() {
		this.runner.withPropertyValues("distlock.web.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LockProblemDetailsExceptionHandler.class));
	}

	@Test
	void anApplicationThatIsNotAWebApplicationGetsNoHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
					LockProblemDetailsAutoConfiguration.class))
			.withPropertyValues("distlock.adapter=memory")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LockProblemDetailsExceptionHandler.class));
	}

	private static Lock hold(AssertableWebApplicationContext context, String key) {
		Lock holder = context.getBean(LockProvider.class).create(key);
		assertThat(holder.acquire()).isTrue();
		return holder;
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

}
