package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;

/**
 * The values H2 writes into its messages are masked, and the masked exception is translated as the original would
 * have been: the adapter's retries rely on that.
 */
class ValueMaskingExceptionTranslatorTests {

	// H2's own words for a lock timeout, with the row it could not lock.
	private static final String LOCK_TIMEOUT = "Timeout trying to lock table \"T\"; Map entry <table.4> with key <1> "
			+ "and value ( /* key:1 */ 'lock:_rt:held', 'owner-secret', 17, 4, 18) is locked by tx 1 [50200-240]";

	private final ValueMaskingExceptionTranslator translator = new ValueMaskingExceptionTranslator(
			new SQLExceptionSubclassTranslator());

	@Test
	void quotedValuesAreMaskedAndTheKindStateAndCodeKept() {
		SQLException original = new SQLTimeoutException(LOCK_TIMEOUT, "HYT00", 50200);

		DataAccessException translated = this.translator.translate("acquire", "SELECT 1", original);

		assertThat(translated).isInstanceOf(QueryTimeoutException.class);
		assertThat(translated.getMessage()).doesNotContain("owner-secret").doesNotContain("lock:_rt:held");
		assertThat(translated.getCause()).isInstanceOfSatisfying(SQLTimeoutException.class, (masked) -> {
			assertThat(masked.getMessage()).contains("'?', '?', 17").startsWith("Timeout trying to lock table");
			assertThat(masked.getSQLState()).isEqualTo("HYT00");
			assertThat(masked.getErrorCode()).isEqualTo(50200);
			assertThat(masked.getCause()).isNull();
			assertThat(masked.getStackTrace()).isEqualTo(original.getStackTrace());
		});
	}

	@Test
	void whatTheAdapterRetriesIsStillTranslatedForItsRetries() {
		assertThat(this.translator.translate("acquire", null,
				new SQLIntegrityConstraintViolationException("Unique index violation: ('lock:_rt:k')", "23505", 23505)))
			.isInstanceOf(DuplicateKeyException.class);
		assertThat(this.translator.translate("acquire", null,
				new SQLTransactionRollbackException("Deadlock detected: 'a''b'", "40001", 40001)))
			.isInstanceOf(PessimisticLockingFailureException.class)
			.hasMessageNotContaining("a''b");
	}

	@Test
	void messagesWithoutQuotesStayAsTheyAre() {
		SQLException original = new SQLException("Connection is broken", "08006", 90067);

		DataAccessException translated = this.translator.translate("release", null, original);

		assertThat(translated).isNotNull();
		assertThat(translated.getCause()).isSameAs(original);
	}

	@Test
	void whatNothingTranslatesIsUncategorizedWithTheMaskedCause() {
		ValueMaskingExceptionTranslator untranslating = new ValueMaskingExceptionTranslator((task, sql, ex) -> null);

		DataAccessException translated = untranslating.translate("refresh", "UPDATE t",
				new SQLException("value 'owner-secret' rejected", "99999", 1));

		assertThat(translated).isInstanceOf(UncategorizedSQLException.class);
		assertThat(translated.getMessage()).doesNotContain("owner-secret");
		assertThat(translated.getCause()).hasMessage("value '?' rejected");
	}

}
