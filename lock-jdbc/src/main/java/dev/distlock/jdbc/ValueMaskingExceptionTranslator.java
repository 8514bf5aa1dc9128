package dev.distlock.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Masks the quoted values in a database's error messages before they become the cause of a
 * {@link DataAccessException}. H2 writes the whole row it could not lock into a lock timeout's message, owner
 * included, and owners are credentials: they must reach no log and no exception message. The masked exception is
 * of the same standard {@code java.sql} kind, with the same SQL state and error code, so that it is translated just
 * as the original would have been.
 */
final class ValueMaskingExceptionTranslator implements SQLExceptionTranslator {

	// A SQL string literal, with doubled quotes inside.
	private static final Pattern QUOTED = Pattern.compile("'(?:[^']|'')*'");

	private final SQLExceptionTranslator delegate;

	ValueMaskingExceptionTranslator(SQLExceptionTranslator delegate) {
		this.delegate = delegate;
	}

	@Override
	public @Nullable DataAccessException translate(String task, @Nullable String sql, SQLException ex) {
		SQLException masked = mask(ex);
		DataAccessException translated = this.delegate.translate(task, sql, masked);
		// What JdbcTemplate would do with an untranslated exception, but with the masked one as the cause.
		return (translated != null) ? translated : new UncategorizedSQLException(task, sql, masked);
	}

	static SQLException mask(SQLException ex) {
		String message = ex.getMessage();
		if (message == null || message.indexOf('\'') < 0) {
			return ex;
		}
		String text = QUOTED.matcher(message).replaceAll("'?'");
		String state = ex.getSQLState();
		int code = ex.getErrorCode();
		SQLException masked;
		if (ex instanceof SQLTimeoutException) {
			masked = new SQLTimeoutException(text, state, code);
		}
		else if (ex instanceof SQLTransactionRollbackException) {
			masked = new SQLTransactionRollbackException(text, state, code);
		}
		else if (ex instanceof SQLTransientConnectionException) {
			masked = new SQLTransientConnectionException(text, state, code);
		}
		else if (ex instanceof SQLTransientException) {
			masked = new SQLTransientException(text, state, code);
		}
		else if (ex instanceof SQLIntegrityConstraintViolationException) {
			masked = new SQLIntegrityConstraintViolationException(text, state, code);
		}
		else if (ex instanceof SQLNonTransientConnectionException) {
			masked = new SQLNonTransientConnectionException(text, state, code);
		}
		else if (ex instanceof SQLDataException) {
			masked = new SQLDataException(text, state, code);
		}
		else if (ex instanceof SQLSyntaxErrorException) {
			masked = new SQLSyntaxErrorException(text, state, code);
		}
		else if (ex instanceof SQLFeatureNotSupportedException) {
			masked = new SQLFeatureNotSupportedException(text, state, code);
		}
		else if (ex instanceof SQLInvalidAuthorizationSpecException) {
			masked = new SQLInvalidAuthorizationSpecException(text, state, code);
		}
		else if (ex instanceof SQLNonTransientException) {
			masked = new SQLNonTransientException(text, state, code);
		}
		else if (ex instanceof SQLRecoverableException) {
			masked = new SQLRecoverableException(text, state, code);
		}
		else {
			masked = new SQLException(text, state, code);
		}
		// Where it was thrown, without the original, whose message is what must not travel.
		masked.setStackTrace(ex.getStackTrace());
		return masked;
	}

}
