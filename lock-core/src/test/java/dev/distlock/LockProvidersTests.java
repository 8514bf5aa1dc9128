package dev.distlock;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import dev.distlock.adapter.MemoryLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Several providers by name: lookup, routing of handles by namespace, and the names and namespaces refused. */
class LockProvidersTests {

	private final MemoryLockAdapter redisLike = new MemoryLockAdapter();

	private final MemoryLockAdapter local = new MemoryLockAdapter();

	private final LockProvider cluster = LockProvider.builder(this.redisLike).build();

	private final LockProvider jobs = LockProvider.builder(this.local).namespace("jobs").build();

	private final LockProviders providers = LockProviders.builder()
		.provider(LockProviders.DEFAULT_NAME, this.cluster)
		.provider("jobs", this.jobs)
		.build();

	@Test
	void findsProvidersByName() {
		assertThat(this.providers.get("jobs")).isSameAs(this.jobs);
		assertThat(this.providers.get("default")).isSameAs(this.cluster);
		assertThat(this.providers.find("audit")).isEmpty();
		assertThat(this.providers.names()).containsExactly("default", "jobs");
		assertThatIllegalArgumentException().isThrownBy(() -> this.providers.get("audit"))
			.withMessageContaining("audit")
			.withMessageContaining("[default, jobs]");
	}

	@Test
	void aHandleGoesBackToTheProviderOfItsNamespace() {
		Lock lock = this.jobs.create("report", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		Lock restored = this.providers.restore(lock.toHandle());
		assertThat(restored.getExpiry()).isEqualTo(Expiry.after(Duration.ofMinutes(1)));
		// The jobs provider's adapter, not the default one's: there the key is free.
		assertThat(this.cluster.create("report").isExpired()).isTrue();
		assertThat(restored.release()).isTrue();
		assertThat(this.jobs.create("report").isExpired()).isTrue();
	}

	@Test
	void aHandleOfNoProvidersNamespaceIsRefusedNeverBoundElsewhere() {
		LockHandle foreign = new LockHandle("billing", "report", "owner-1", Expiry.never());
		assertThatIllegalArgumentException().isThrownBy(() -> this.providers.restore(foreign))
			.withMessageContaining("billing")
			.withMessageNotContaining("owner-1");
		assertThat(this.providers.forNamespace("billing")).isEmpty();
		assertThat(this.providers.forNamespace("jobs")).containsSame(this.jobs);
	}

	@Test
	void twoProvidersWithOneNamespaceAreRefused() {
		LockProvider alsoLock = LockProvider.builder(this.local).build();
		assertThatIllegalArgumentException().isThrownBy(() -> LockProviders.builder()
			.provider("default", this.cluster)
			.provider("local", alsoLock)
			.build()).withMessageContaining("'default' and 'local' share the namespace 'lock'");
	}

	@Test
	void aNameIsAddedOnce() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockProviders.builder().provider("jobs", this.jobs).provider("jobs", this.cluster))
			.withMessageContaining("jobs");
	}

	@Property
	void namesOfLettersDigitsDashesAndUnderscoresAreAccepted(
			@ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 60) String base) {
		String name = base + "-_";
		assertThat(LockProviders.requireName(name)).isEqualTo(name);
	}

	@Property
	void anyOtherCharacterIsRefusedNamingTheArgument(@ForAll @AlphaChars @StringLength(max = 20) String base,
			@ForAll char other) {
		net.jqwik.api.Assume.that(!(other < 128 && (Character.isLetterOrDigit(other) || other == '-' || other == '_')));
		assertThatIllegalArgumentException().isThrownBy(() -> LockProviders.requireName(base + other))
			.withMessageStartingWith("name ");
	}

	@Test
	void emptyAndOverlongNamesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LockProviders.requireName(""));
		assertThatIllegalArgumentException().isThrownBy(() -> LockProviders.requireName("a".repeat(65)));
		assertThatIllegalArgumentException().isThrownBy(() -> LockProviders.requireName(null))
			.withMessageContaining("name");
	}

}
