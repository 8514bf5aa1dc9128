package dev.distlock.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The application's {@link DataSource} as the adapter uses it: a key of its own for Spring's transaction
 * synchronization, so that no lock statement ever runs on the connection of the caller's transaction (a rollback
 * there would undo the lock; a stale snapshot there could let two instances acquire), and connections in autocommit
 * even from a pool set not to, so that every statement is committed when it returns.
 */
final class OwnConnectionDataSource extends DelegatingDataSource {

	OwnConnectionDataSource(DataSource dataSource) {
		// A transaction-aware proxy would hand out the transaction's connection: go to what it wraps.
		super((dataSource instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null)
				? proxy.getTargetDataSource() : dataSource);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return autoCommit(obtainTargetDataSource().getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return autoCommit(obtainTargetDataSource().getConnection(username, password));
	}

	private static Connection autoCommit(Connection connection) throws SQLException {
		try {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			return connection;
		}
		catch (SQLException | RuntimeException ex) {
			connection.close();
			throw ex;
		}
	}

}
