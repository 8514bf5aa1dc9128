package dev.distlock.jdbc;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test opened, closed newest first when it ends: adapters before the pools they use, pools before their
 * table is dropped.
 */
final class TestResources implements AutoCloseable {

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	<T extends AutoCloseable> T add(T resource) {
		this.resources.push(resource);
		return resource;
	}

	@Override
	public void close() throws Exception {
		Exception first = null;
		while (!this.resources.isEmpty()) {
			try {
				this.resources.pop().close();
			}
			catch (Exception ex) {
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

}
