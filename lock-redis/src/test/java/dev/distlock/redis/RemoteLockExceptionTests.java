package dev.distlock.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The stand-in for another instance's exception: its class name and message, no stack, no cause. */
class RemoteLockExceptionTests {

	@Test
	void carriesTheRemoteTypeAndMessage() {
		RemoteLockException exception = new RemoteLockException("com.example.VaultSealedException", "sealed");

		assertThat(exception.getRemoteType()).isEqualTo("com.example.VaultSealedException");
		assertThat(exception.getRemoteMessage()).isEqualTo("sealed");
		assertThat(exception).hasMessage("com.example.VaultSealedException: sealed").hasNoCause();
		assertThat(exception.getStackTrace()).isEmpty();
	}

	@Test
	void rejectsABlankType() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RemoteLockException(" ", "m"))
			.withMessage("remoteType must not be null or blank");
	}

}
