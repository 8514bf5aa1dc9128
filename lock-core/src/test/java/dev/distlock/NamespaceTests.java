package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Namespaces qualify keys and join parts with their delimiter.
 */
class NamespaceTests {

	@Test
	void qualifiesKeysWithTheRootAndDelimiter() {
		assertThat(Namespace.DEFAULT.qualify("orders:42")).isEqualTo("lock:orders:42");
		assertThat(Namespace.of(List.of("billing", "lock")).withDelimiter("/").qualify("a")).isEqualTo("billing/lock/a");
	}

	@Test
	void providersJoinKeyPartsWithTheirDelimiter() {
		LockProvider provider = LockProvider.builder(new dev.distlock.adapter.NoOpLockAdapter())
			.namespace(Namespace.of("app").withDelimiter("."))
			.build();
		assertThat(provider.create(List.of("orders", "42")).getKey()).isEqualTo("orders.42");
	}

	@Test
	void rejectsBlankPartsAndEmptyDelimitersByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(" ")).withMessageContaining("namespace");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of("a", ""))).withMessageContaining("namespace[1]");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of("a").withDelimiter("")).withMessageContaining("delimiter");
	}

}
