package dev.distlock.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Wake-ups: one waiter per release, the longest waiting first, none lost.
 */
class ReleaseSignalsTests {

	private final ReleaseSignals signals = new ReleaseSignals();

	@Test
	void aReleaseBeforeTheWaitIsRememberedForIt() throws InterruptedException {
		try (ReleaseWatch watch = this.signals.watch("k")) {
			this.signals.signal("k");
			assertThat(watch.await(Duration.ZERO)).isTrue();
			assertThat(watch.await(Duration.ZERO)).isFalse();
		}
	}

	@Test
	void aSignalWakesOnlyTheLongestWaitingWatcher() throws InterruptedException {
		try (ReleaseWatch first = this.signals.watch("k"); ReleaseWatch second = this.signals.watch("k")) {
			this.signals.signal("k");
			assertThat(first.await(Duration.ZERO)).isTrue();
			assertThat(second.await(Duration.ZERO)).isFalse();
		}
	}

	@Test
	void aSecondSignalGoesToAWatcherNotYetAwake() throws InterruptedException {
		try (ReleaseWatch first = this.signals.watch("k"); ReleaseWatch second = this.signals.watch("k")) {
			this.signals.signal("k");
			this.signals.signal("k");
			assertThat(first.await(Duration.ZERO)).isTrue();
			assertThat(second.await(Duration.ZERO)).isTrue();
		}
	}

	@Test
	void aSignalWhileTheWokenWatcherIsStillTryingGoesToAWatcherNotYetWoken() throws InterruptedException {
		try (ReleaseWatch first = this.signals.watch("k"); ReleaseWatch second = this.signals.watch("k")) {
			this.signals.signal("k");
			// Woken and trying again: it took its wake-up, but has not gone back to waiting.
			assertThat(first.await(Duration.ZERO)).isTrue();
			this.signals.signal("k");
			assertThat(second.await(Duration.ZERO)).as("the second release's waiter").isTrue();
			assertThat(first.await(Duration.ZERO)).isFalse();
		}
	}

	@Test
	void aSignalWithNobodyElseToWakeIsKeptForTheWatcherStillTrying() throws InterruptedException {
		try (ReleaseWatch watch = this.signals.watch("k")) {
			this.signals.signal("k");
			assertThat(watch.await(Duration.ZERO)).isTrue();
			// Its try may have come too early for this release: it tries again.
			this.signals.signal("k");
			assertThat(watch.await(Duration.ZERO)).isTrue();
		}
	}

	@Test
	void aWatcherBackToWaitingIsWokenBeforeOneThatIsStillTrying() throws InterruptedException {
		try (ReleaseWatch first = this.signals.watch("k"); ReleaseWatch second = this.signals.watch("k")) {
			this.signals.signal("k");
			this.signals.signal("k");
			assertThat(first.await(Duration.ZERO)).isTrue();
			assertThat(second.await(Duration.ZERO)).isTrue();
			// The first tried, failed and waits again; the second is still trying.
			assertThat(first.await(Duration.ZERO)).isFalse();
			this.signals.signal("k");
			assertThat(first.await(Duration.ZERO)).isTrue();
		}
	}

	@Test
	void signalAllWakesOneWatcherPerKeyAndSignalEveryWatchWakesThemAll() throws InterruptedException {
		try (ReleaseWatch a1 = this.signals.watch("a"); ReleaseWatch a2 = this.signals.watch("a");
				ReleaseWatch b1 = this.signals.watch("b"); ReleaseWatch b2 = this.signals.watch("b")) {
			this.signals.signalAll();
			assertThat(a1.await(Duration.ZERO)).isTrue();
			assertThat(a2.await(Duration.ZERO)).isFalse();
			assertThat(b1.await(Duration.ZERO)).isTrue();
			assertThat(b2.await(Duration.ZERO)).isFalse();

			this.signals.signalEveryWatch();
			assertThat(a1.await(Duration.ZERO)).isTrue();
			assertThat(a2.await(Duration.ZERO)).isTrue();
			assertThat(b1.await(Duration.ZERO)).isTrue();
			assertThat(b2.await(Duration.ZERO)).isTrue();
		}
	}

	@Test
	void aWatcherThatLeavesWithAnUnusedWakeUpPassesItOn() throws InterruptedException {
		ReleaseWatch leaving = this.signals.watch("k");
		try (ReleaseWatch staying = this.signals.watch("k")) {
			this.signals.signal("k");
			leaving.close();
			assertThat(staying.await(Duration.ZERO)).isTrue();
		}
	}

	@Test
	void signalsAreScopedToTheirKeyAndClosedWatchesAreForgotten() throws InterruptedException {
		try (ReleaseWatch watch = this.signals.watch("a")) {
			this.signals.signal("b");
			assertThat(watch.await(Duration.ZERO)).isFalse();
			assertThat(this.signals.hasWatchers("a")).isTrue();
		}
		assertThat(this.signals.hasWatchers("a")).isFalse();
	}

}
