package dev.distlock.spring.boot.starter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.distlock.LockListenable;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.spring.DistributedLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The lock and a real transaction (Spring Boot's JDBC transaction manager on an embedded H2): by default the lock is
 * taken before the transaction begins and released after it commits or rolls back, so that the next holder sees the
 * committed data; {@code distlock.aop-order} turns that around.
 */
class TransactionOrderTests {

	@Nested
	@SpringBootTest(classes = Application.class, properties = "distlock.namespace=tx-default")
	class ByDefault {

		@Autowired
		private Orders orders;

		@Autowired
		private Steps steps;

		@Autowired
		private JdbcTemplate jdbc;

		@Autowired
		private PlatformTransactionManager transactionManager;

		@BeforeEach
		void clear() {
			this.steps.clear();
		}

		@Test
		void usesARealTransactionManager() {
			assertThat(this.transactionManager).isInstanceOf(JdbcTransactionManager.class);
		}

		@Test
		void lockWrapsACommittingTransaction() {
			this.orders.place(1, false);
			assertThat(this.steps.list()).containsExactly("acquired, no transaction", "inside, in a transaction",
					"transaction committed", "released, no transaction");
			assertThat(this.jdbc.queryForObject("select count(*) from orders where id = 1", Integer.class))
				.isEqualTo(1);
		}

		@Test
		void lockWrapsARollingBackTransaction() {
			assertThatIllegalStateException().isThrownBy(() -> this.orders.place(2, true));
			assertThat(this.steps.list()).containsExactly("acquired, no transaction", "inside, in a transaction",
					"transaction rolled back", "released, no transaction");
			assertThat(this.jdbc.queryForObject("select count(*) from orders where id = 2", Integer.class))
				.isZero();
		}

	}

	@Nested
	@SpringBootTest(classes = Application.class,
			properties = { "distlock.namespace=tx-inner", "distlock.aop-order=2147483647" })
	class WithTheLockOrderedInside {

		@Autowired
		private Orders orders;

		@Autowired
		private Steps steps;

		@Test
		void transactionWrapsTheLock() {
			this.steps.clear();
			this.orders.place(3, false);
			assertThat(this.steps.list()).containsExactly("acquired, in a transaction", "inside, in a transaction",
					"released, in a transaction", "transaction committed");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
	static class Application {

		@Bean
		Steps steps(LockListenable locks) {
			Steps steps = new Steps();
			locks.addListener(LockAcquiredEvent.class, (event) -> steps.add("acquired"));
			locks.addListener(LockReleasedEvent.class, (event) -> steps.add("released"));
			return steps;
		}

		@Bean
		Orders orders(JdbcTemplate jdbc, Steps steps) {
			jdbc.execute("create table if not exists orders (id int primary key)");
			return new Orders(jdbc, steps);
		}

	}

	static class Steps {

		private final List<String> steps = new CopyOnWriteArrayList<>();

		void add(String step) {
			this.steps.add(step + (TransactionSynchronizationManager.isActualTransactionActive()
					? ", in a transaction" : ", no transaction"));
		}

		void addPlain(String step) {
			this.steps.add(step);
		}

		List<String> list() {
			return this.steps;
		}

		void clear() {
			this.steps.clear();
		}

	}

	static class Orders {

		private final JdbcTemplate jdbc;

		private final Steps steps;

		Orders(JdbcTemplate jdbc, Steps steps) {
			this.jdbc = jdbc;
			this.steps = steps;
		}

		@Transactional
		@DistributedLock(key = "'orders:' + #id")
		public void place(int id, boolean fail) {
			this.steps.add("inside");
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCompletion(int status) {
					Orders.this.steps.addPlain((status == STATUS_COMMITTED) ? "transaction committed"
							: "transaction rolled back");
				}

			});
			this.jdbc.update("insert into orders (id) values (?)", id);
			if (fail) {
				throw new IllegalStateException("payment declined");
			}
		}

	}

}
