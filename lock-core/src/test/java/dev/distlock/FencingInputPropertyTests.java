package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Negative;

import dev.distlock.adapter.AcquireResult;

/**
 * Tokens from outside (a handle read from a message) and from an adapter are checked on the way in.
 */
class FencingInputPropertyTests {

	@Property
	void aHandleRejectsEveryNegativeTokenNamingIt(@ForAll @Negative long token) {
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("lock", "k", "owner", Expiry.never(), token))
			.withMessageContaining("token");
	}

	@Property
	void aHandleCarriesEveryOtherTokenAndTellsWhetherItHasOne(@ForAll @LongRange(min = 0) long token) {
		LockHandle handle = new LockHandle("lock", "k", "owner", Expiry.after(Duration.ofSeconds(1)), token);
		assertThat(handle.token()).isEqualTo(token);
		assertThat(handle.fencingToken().isPresent()).isEqualTo(token > 0);
	}

	@Property
	void anAdapterCannotReportANonPositiveToken(@ForAll @LongRange(max = 0) long token) {
		assertThatIllegalArgumentException().isThrownBy(() -> new AcquireResult.Acquired(token))
			.withMessageContaining("token");
		assertThatIllegalArgumentException().isThrownBy(() -> new AcquireResult.AlreadyHeld(token, null))
			.withMessageContaining("token");
	}

}
