package dev.distlock;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.distlock.adapter.MemoryLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** One expiry type from settings to handle, and a remaining time that tells "never expires" from "not held". */
class ExpiryTests {

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter())
		.defaultExpiry(Expiry.after(Duration.ofSeconds(30)))
		.build();

	@Test
	void theProviderDefaultResolvesWhenTheLockIsCreated() {
		assertThat(LockSettings.defaults().expiry()).isEqualTo(Expiry.providerDefault());
		assertThat(this.provider.create("a").getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
		assertThat(this.provider.create("b", LockSettings.defaults().withExpiry(Expiry.never())).getExpiry())
			.isEqualTo(Expiry.never());
		assertThat(this.provider.create("c", LockSettings.defaults().withTtl(Duration.ofSeconds(5))).getExpiry())
			.isEqualTo(Expiry.after(Duration.ofSeconds(5)));
		LockSettings backToDefault = LockSettings.defaults().withTtl(Duration.ofSeconds(5))
			.withExpiry(Expiry.providerDefault());
		assertThat(this.provider.create("d", backToDefault).getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
	}

	@Test
	void aHandleCarriesTheResolvedExpiry() {
		Lock forever = this.provider.create("e", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(forever.toHandle().expiry()).isEqualTo(Expiry.never());
		assertThat(this.provider.restore(forever.toHandle()).getExpiry()).isEqualTo(Expiry.never());
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("lock", "e", "o", null))
			.withMessageContaining("expiry");
	}

	@Test
	void remainingTimeTellsNeverExpiresFromNotHeld() {
		Lock forever = this.provider.create("f", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(forever.getRemainingTime()).isEqualTo(RemainingTime.notHeld());
		assertThat(forever.getRemainingTime().isHeld()).isFalse();
		forever.acquireOrFail();
		assertThat(forever.getRemainingTime()).isEqualTo(RemainingTime.neverExpires());
		assertThat(forever.getRemainingTime().isHeld()).isTrue();
		Lock expiring = this.provider.create("g");
		expiring.acquireOrFail();
		assertThat(expiring.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(left) -> assertThat(left.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
		assertThat(this.provider.create("g").getRemainingTime()).as("another owner").isEqualTo(RemainingTime.notHeld());
	}

	@Test
	void badValuesAreRefusedNamingTheArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> Expiry.after(Duration.ZERO)).withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> Expiry.after(null)).withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> LockSettings.defaults().withExpiry(null))
			.withMessageContaining("expiry");
		assertThatIllegalArgumentException().isThrownBy(() -> RemainingTime.expiresIn(Duration.ofSeconds(-1)))
			.withMessageContaining("remaining");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockSettings.defaults().withTtl(Duration.ofSeconds(1))
				.withHoldAtLeast(Duration.ofSeconds(2)))
			.withMessageContaining("holdAtLeast");
	}

}
