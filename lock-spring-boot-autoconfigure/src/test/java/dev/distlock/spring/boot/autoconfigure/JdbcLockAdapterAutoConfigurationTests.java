package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.jdbc.JdbcReadWriteLockAdapter;
import dev.distlock.jdbc.JdbcSemaphoreAdapter;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockState;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.jdbc.JdbcDialect;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.jdbc.JdbcLockAdapterSettings;
import dev.distlock.jdbc.MissingLockTableException;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.boot.autoconfigure.actuate.LockHealthContributorAutoConfiguration;

import static dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfigurationTests.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The JDBC adapter on the DataSource of Spring Boot's own auto-configuration, on an embedded H2 (a new database for
 * every context): the choice of {@code auto}, {@code distlock.jdbc.*}, schema initialization and its failures.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcLockAdapterAutoConfigurationTests {

	// Ours listed first on purpose: the auto-configuration order, not this list, must put the DataSource's first.
	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DistributedLockAutoConfiguration.class, DataSourceAutoConfiguration.class));

	private static boolean tableExists(AssertableApplicationContext context, String table) {
		Integer count = new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = ?", Integer.class, table);
		return count != null && count > 0;
	}

	@Test
	void autoPicksJdbcWhenBootConfiguresADataSource(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LockAdapter.class);
			JdbcLockAdapter adapter = context.getBean(JdbcLockAdapter.class);
			assertThat(adapter.getDialect()).isEqualTo(JdbcDialect.H2);
			assertThat(adapter.wakesAcrossProcesses()).isFalse();
			LockProvider provider = context.getBean(LockProvider.class);
			Lock first = provider.create("job");
			Lock second = provider.create("job");
			assertThat(first.acquire()).isTrue();
			try {
				assertThat(second.acquire()).as("excluded through the lock table").isFalse();
			}
			finally {
				first.release();
			}
			assertThat(second.acquire()).isTrue();
			second.release();
		});
		assertThat(output).contains("use the JdbcLockAdapter (distlock.adapter=auto)")
			.doesNotContain("memory locks are local");
	}

	@Test
	void jdbcLocksComeWithJdbcSemaphoresAndReadWriteLocksInTablesTheSchemaInitializerCreated() {
		this.runner.run((context) -> {
			assertThat(context.getBean(SemaphoreAdapter.class)).isInstanceOf(JdbcSemaphoreAdapter.class);
			assertThat(context.getBean(ReadWriteLockAdapter.class)).isInstanceOf(JdbcReadWriteLockAdapter.class);
			assertThat(tableExists(context, "distlock_locks_sem_slots")).isTrue();
			SemaphoreProvider semaphores = context.getBean(SemaphoreProvider.class);
			Semaphore first = semaphores.create("reports", 1);
			assertThat(first.acquire()).isTrue();
			assertThat(semaphores.create("reports", 1).acquire()).as("the slot is taken, in the table").isFalse();
			first.release();
			ReadWriteLock writer = context.getBean(ReadWriteLockProvider.class).create("catalog");
			assertThat(writer.writeLock().acquire()).isTrue();
			assertThat(context.getBean(ReadWriteLockProvider.class).create("catalog").readLock().acquire()).isFalse();
			writer.writeLock().release();
		});
	}

	@Test
	void aLockTableNameTooLongToNameTheLeaseTablesAfterLeavesOutSemaphoresAndReadWriteLocksOnly() {
		String name = "t".repeat(49);
		this.runner.withPropertyValues("distlock.jdbc.table-name=" + name).run((context) -> {
			assertThat(context).hasSingleBean(JdbcLockAdapter.class)
				.doesNotHaveBean(SemaphoreAdapter.class)
				.doesNotHaveBean(SemaphoreProvider.class)
				.doesNotHaveBean(ReadWriteLockProvider.class);
			assertThat(tableExists(context, name)).isTrue();
			assertThat(tableExists(context, name + "_sem")).isFalse();
		});
	}

	@Test
	void jdbcWhenChosen() {
		this.runner.withPropertyValues("distlock.adapter=jdbc")
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(JdbcLockAdapter.class));
	}

	@Test
	void memoryWhenChosenEvenWithADataSource() {
		this.runner.withPropertyValues("distlock.adapter=memory").run((context) -> {
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class);
			assertThat(context).doesNotHaveBean(JdbcLockSchemaInitializer.class);
			assertThat(tableExists(context, "distlock_locks")).isFalse();
		});
	}

	@Test
	void autoFallsBackToMemoryWithAWarningWithoutTheJdbcModule(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcLockAdapter.class)).run((context) -> {
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class);
			assertThat(context).doesNotHaveBean(JdbcLockSchemaInitializer.class);
		});
		assertThat(output).containsPattern("WARN .* memory locks are local to this JVM")
			.contains("distlock.adapter=auto");
	}

	@Test
	void autoFallsBackToMemoryWithTwoDataSourcesAndNonePrimary(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
			.withBean("first", DataSource.class, JdbcLockAdapterAutoConfigurationTests::embeddedDatabase)
			.withBean("second", DataSource.class, JdbcLockAdapterAutoConfigurationTests::embeddedDatabase)
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(MemoryLockAdapter.class));
		assertThat(output).contains("memory locks are local to this JVM");
	}

	@Test
	void jdbcWithTwoDataSourcesAndNonePrimaryFailsNamingThem() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
			.withPropertyValues("distlock.adapter=jdbc")
			.withBean("first", DataSource.class, JdbcLockAdapterAutoConfigurationTests::embeddedDatabase)
			.withBean("second", DataSource.class, JdbcLockAdapterAutoConfigurationTests::embeddedDatabase)
			.run((context) -> {
				DistlockConfigurationException failure = configurationFailure(context);
				assertThat(failure.getProperty()).isEqualTo("distlock.adapter");
				assertThat(failure).hasMessageContaining("2 (first, second) with none of them primary");
				assertThat(failure.getAction()).contains("@Primary");
			});
	}

	@Test
	void aPrimaryDataSourceAmongSeveralHoldsTheLocks() {
		DataSource primary = embeddedDatabase();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
			.withBean("first", DataSource.class, () -> primary, (definition) -> definition.setPrimary(true))
			.withBean("second", DataSource.class, JdbcLockAdapterAutoConfigurationTests::embeddedDatabase)
			.run((context) -> {
				assertThat(context.getBean(LockAdapter.class)).isInstanceOf(JdbcLockAdapter.class);
				assertThat(new JdbcTemplate(primary).queryForObject("SELECT COUNT(*) FROM distlock_locks",
						Integer.class)).isZero();
			});
	}

	@Test
	void jdbcWithoutADataSourceFailsClearly() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
			.withPropertyValues("distlock.adapter=jdbc")
			.run((context) -> {
				DistlockConfigurationException failure = configurationFailure(context);
				assertThat(failure.getProperty()).isEqualTo("distlock.adapter");
				assertThat(failure.getValue()).isEqualTo("jdbc");
				assertThat(failure).hasMessageContaining("needs a DataSource bean, and the application has none");
				assertThat(failure.getAction()).contains("spring.datasource.*").contains("spring-boot-starter-jdbc");
			});
	}

	@Test
	void jdbcWithoutTheJdbcModuleFails() {
		this.runner.withPropertyValues("distlock.adapter=jdbc")
			.withClassLoader(new FilteredClassLoader(JdbcLockAdapter.class))
			.run((context) -> assertThat(configurationFailure(context).getAction()).contains("dev.distlock:lock-jdbc"));
	}

	@Test
	void jdbcWithoutSpringJdbcFails() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
			.withPropertyValues("distlock.adapter=jdbc")
			.withClassLoader(new FilteredClassLoader(JdbcClient.class))
			.run((context) -> {
				DistlockConfigurationException failure = configurationFailure(context);
				assertThat(failure).hasMessageContaining("Spring JDBC");
				assertThat(failure.getAction()).contains("spring-boot-starter-jdbc");
			});
	}

	@Test
	void theApplicationsOwnAdapterWinsAndNoLockTableIsCreated() {
		this.runner.withBean(LockAdapter.class, MemoryLockAdapter::new).run((context) -> {
			assertThat(context).hasSingleBean(LockAdapter.class).doesNotHaveBean(JdbcLockAdapter.class);
			assertThat(context).doesNotHaveBean(JdbcLockSchemaInitializer.class);
			assertThat(tableExists(context, "distlock_locks")).isFalse();
		});
	}

	@Test
	void initializeSchemaEmbeddedCreatesTheTableOnH2() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcLockSchemaInitializer.class);
			assertThat(tableExists(context, "distlock_locks")).isTrue();
		});
	}

	@Test
	void initializeSchemaAlwaysCreatesTheTableAndIsHarmlessWhenItExists() {
		this.runner.withPropertyValues("distlock.jdbc.initialize-schema=always").run((context) -> {
			assertThat(tableExists(context, "distlock_locks")).isTrue();
			// Again on the same database, as the next start of the application would: IF NOT EXISTS throughout.
			assertThat(context.getBean(JdbcLockSchemaInitializer.class).initializeDatabase()).isTrue();
			Lock lock = context.getBean(LockProvider.class).create("job");
			assertThat(lock.acquire()).isTrue();
			lock.release();
		});
	}

	@Test
	void initializeSchemaNeverWithoutTheTableFailsWithAReportNamingThePropertyAndTheScript() {
		// Another table first: the database is not empty, as an application's rarely is.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
					DataSourceAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class))
			.withPropertyValues("spring.sql.init.schema-locations=classpath:sql-init/orders-table.sql",
					"distlock.jdbc.initialize-schema=never")
			.run((context) -> assertMissingTableReport(context));
	}

	@Test
	void initializeSchemaNeverOnAnEmptyH2FailsWithTheSameReport() {
		this.runner.withPropertyValues("distlock.jdbc.initialize-schema=never")
			.run((context) -> assertMissingTableReport(context));
	}

	private static void assertMissingTableReport(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(java.sql.SQLException.class);
		// The failed context's environment is gone; Boot passes the analyzer the application's, with this value.
		MockEnvironment environment = new MockEnvironment().withProperty("distlock.jdbc.initialize-schema", "never");
		FailureAnalysis analysis = new MissingLockTableFailureAnalyzer(environment)
			.analyze(context.getStartupFailure());
		assertThat(analysis).as("a report for a MissingLockTableException").isNotNull();
		assertThat(analysis.getCause()).isInstanceOf(MissingLockTableException.class);
		assertThat(analysis.getDescription()).contains("Table:    distlock_locks (h2)")
			.contains("Script:   classpath:dev/distlock/jdbc/schema-h2.sql")
			.contains("Property: distlock.jdbc.initialize-schema = never");
		assertThat(analysis.getAction()).contains("classpath:dev/distlock/jdbc/schema-h2.sql")
			.contains("Flyway or Liquibase")
			.contains("set distlock.jdbc.initialize-schema to always");
	}

	@Test
	void theMissingTableReportNamesACustomTableAndTheDefaultMode() {
		MissingLockTableException missing = new MissingLockTableException("billing_locks", JdbcDialect.POSTGRESQL,
				new java.sql.SQLException("relation \"billing_locks\" does not exist", "42P01"));
		FailureAnalysis analysis = new MissingLockTableFailureAnalyzer(new MockEnvironment())
			.analyze(new IllegalStateException("wrapped", missing));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Table:    billing_locks (postgresql)")
			.contains("classpath:dev/distlock/jdbc/schema-postgresql.sql (with distlock_locks replaced by "
					+ "billing_locks)")
			.contains("distlock.jdbc.initialize-schema = embedded (the default")
			.contains("relation \"billing_locks\" does not exist");
		assertThat(new MissingLockTableFailureAnalyzer(new MockEnvironment())
			.analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	void theMissingTableAnalyzerIsRegistered() {
		Environment environment = new MockEnvironment();
		// Boot's own analyzers want a BeanFactory as well, which this test does not give: they are left out.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, environment),
					(factoryType, implementationName, failure) -> {
					}))
			.hasAtLeastOneElementOfType(MissingLockTableFailureAnalyzer.class);
	}

	@Test
	void theAdapterWaitsForTheApplicationsOwnDatabaseInitialization() {
		// spring.sql.init stands in for Flyway or Liquibase here: the adapter checks its table only after it ran.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
					DataSourceAutoConfiguration.class, DataSourceInitializationAutoConfiguration.class))
			.withPropertyValues("spring.sql.init.schema-locations=classpath:sql-init/migrated-lock-table.sql",
					"distlock.jdbc.initialize-schema=never", "distlock.jdbc.table-name=migrated_locks")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(JdbcLockSchemaInitializer.class);
				Lock lock = context.getBean(LockProvider.class).create("job");
				assertThat(lock.acquire()).isTrue();
				lock.release();
			});
	}

	@Test
	void customTableName() {
		this.runner.withPropertyValues("distlock.jdbc.table-name=billing_locks").run((context) -> {
			assertThat(context.getBean(JdbcLockAdapter.class).getSettings().tableName()).isEqualTo("billing_locks");
			assertThat(tableExists(context, "billing_locks")).isTrue();
			assertThat(tableExists(context, "distlock_locks")).isFalse();
			Lock lock = context.getBean(LockProvider.class).create("job");
			assertThat(lock.acquire()).isTrue();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForList("SELECT lock_key FROM billing_locks", String.class)).containsExactly("lock:_rt:job");
			lock.release();
		});
	}

	@Test
	void defaultSettings() {
		this.runner.run((context) -> {
			JdbcLockAdapterSettings settings = context.getBean(JdbcLockAdapter.class).getSettings();
			assertThat(settings.withDialect(JdbcDialect.H2))
				.isEqualTo(JdbcLockAdapterSettings.defaults().withDialect(JdbcDialect.H2));
		});
	}

	@Test
	void propertiesAreBoundIntoTheAdaptersSettings() {
		this.runner
			.withPropertyValues("distlock.jdbc.table-name=tuned_locks", "distlock.jdbc.query-timeout=5s",
					"distlock.jdbc.notifications=false", "distlock.jdbc.cleanup-after=10m")
			.run((context) -> {
				JdbcLockAdapterSettings settings = context.getBean(JdbcLockAdapter.class).getSettings();
				assertThat(settings.tableName()).isEqualTo("tuned_locks");
				assertThat(settings.queryTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(settings.notifications()).isFalse();
				assertThat(settings.cleanupAfter()).isEqualTo(Duration.ofMinutes(10));
				assertThat(settings.dialect()).isEqualTo(JdbcDialect.H2);
			});
	}

	@Test
	void aZeroQueryTimeoutFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.jdbc.query-timeout=0s").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.jdbc.query-timeout");
			assertThat(failure.getValue()).isEqualTo("0s");
			assertThat(failure.getAction()).contains("positive duration");
		});
	}

	@Test
	void aQueryTimeoutOverADayFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.jdbc.query-timeout=2d").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.jdbc.query-timeout");
			assertThat(failure).hasMessageContaining("at most a day");
		});
	}

	@Test
	void aNegativeCleanupAfterFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.jdbc.cleanup-after=-1m").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.jdbc.cleanup-after");
			assertThat(failure.getValue()).isEqualTo("-1m");
		});
	}

	@Test
	void aTableNameThatIsNoIdentifierFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.jdbc.table-name=locks; DROP TABLE users").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.jdbc.table-name");
			assertThat(failure.getValue()).isEqualTo("locks; DROP TABLE users");
			assertThat(failure.getAction()).contains("distlock_locks");
		});
	}

	@Test
	void anUnknownInitializeSchemaFailsNamingTheProperty() {
		this.runner.withPropertyValues("distlock.jdbc.initialize-schema=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof BindException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(BindException.class)
				.hasMessageContaining("distlock.jdbc.initialize-schema");
		});
	}

	@Test
	void healthOnH2HasNoListeningDetail() {
		this.runner.withConfiguration(AutoConfigurations.of(LockHealthContributorAutoConfiguration.class))
			.withPropertyValues("distlock.namespace=health")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcLockAdapter.class);
				Lock held = context.getBean(LockProvider.class).create("held");
				assertThat(held.acquire()).isTrue();
				Health health = context.getBean(LockHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				// Nothing about holders, whatever is held.
				assertThat(health.getDetails()).containsOnly(entry("adapter", "jdbc"),
						entry("namespace", "health"));
				held.release();
			});
	}

	@Test
	void healthIsDownWhenTheLockTableIsGone() {
		this.runner.withConfiguration(AutoConfigurations.of(LockHealthContributorAutoConfiguration.class))
			.run((context) -> {
				new JdbcTemplate(context.getBean(DataSource.class)).execute("DROP TABLE distlock_locks");
				Health health = context.getBean(LockHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsKey("error");
			});
	}

	@Test
	void aLockTakenInATransactionThatRollsBackStaysHeld() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class))
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				jdbc.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
				LockProvider provider = context.getBean(LockProvider.class);
				Lock lock = provider.create("orders:1");
				context.getBean(TransactionTemplate.class).executeWithoutResult((status) -> {
					jdbc.update("INSERT INTO orders (id) VALUES (1)");
					assertThat(lock.acquire()).isTrue();
					status.setRollbackOnly();
				});
				assertThat(jdbc.queryForList("SELECT id FROM orders", Integer.class)).as("rolled back").isEmpty();
				assertThat(provider.create("orders:1").acquire()).as("the lock outlives the rollback").isFalse();
				assertThat(lock.getState()).isInstanceOf(LockState.Acquired.class);
				lock.release();
				assertThat(provider.create("orders:1").acquire()).isTrue();
			});
	}

	@Test
	void theDialectsScriptWithTheTableNamePutInIsWhatRuns() {
		this.runner.withPropertyValues("distlock.jdbc.table-name=scripted_locks").run((context) -> {
			List<String> indexes = new JdbcTemplate(context.getBean(DataSource.class)).queryForList(
					"SELECT LOWER(INDEX_NAME) FROM INFORMATION_SCHEMA.INDEXES WHERE LOWER(TABLE_NAME) = "
							+ "'scripted_locks'",
					String.class);
			assertThat(indexes).contains("scripted_locks_expires_at_us");
		});
	}

	private static DataSource embeddedDatabase() {
		return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
	}

}
