package dev.distlock.spring.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockHandle;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreHandle;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.MemoryReadWriteLockAdapter;
import dev.distlock.adapter.MemorySemaphoreAdapter;

/**
 * Semaphores and read-write locks through JSON: written as their handles, read back as handles that the receiving
 * provider restores, holding what the sender acquired.
 */
class LeaseJacksonTests {

	record RenderReport(String reportId, Semaphore slot) {
	}

	record RebuildCatalog(ReadWriteLock lock) {
	}

	record ReceivedReport(String reportId, SemaphoreHandle slot) {
	}

	record ReceivedRebuild(ReadWriteLockHandle lock) {
	}

	private final SemaphoreProvider semaphores = SemaphoreProvider.create(new MemorySemaphoreAdapter(),
			(builder) -> builder.namespace("reports"));

	private final ReadWriteLockProvider readWriteLocks = ReadWriteLockProvider
		.create(new MemoryReadWriteLockAdapter(), (builder) -> builder.namespace("catalog"));

	private final JsonMapper json = JsonMapper.builder()
		.addModule(new LockJacksonModule(LockProvider.builder(new MemoryLockAdapter()).build()))
		.build();

	@Test
	void aSemaphoreTravelsAsItsHandleAndTheRestoredOneFreesTheSendersSlot() {
		Semaphore slot = this.semaphores.create("monthly", 3,
				LockSettings.defaults().withOwner("worker-1").withTtl(Duration.ofSeconds(30)));
		assertThat(slot.acquire()).isTrue();
		long token = slot.getFencingToken().getAsLong();

		String text = this.json.writeValueAsString(new RenderReport("r-1", slot));
		assertThat(text).isEqualTo("{\"reportId\":\"r-1\",\"slot\":{\"namespace\":\"reports\",\"key\":\"monthly\","
				+ "\"owner\":\"worker-1\",\"ttl\":\"PT30S\",\"token\":" + token + ",\"limit\":3}}");
		ReceivedReport received = this.json.readValue(text, ReceivedReport.class);
		Semaphore restored = this.semaphores.restore(received.slot());
		assertThat(restored.getLimit()).isEqualTo(3);
		assertThat(restored.release()).isTrue();
		assertThat(slot.getState().held()).isZero();
	}

	@Test
	void aReadWriteLockTravelsWithBothTokens() {
		ReadWriteLock lock = this.readWriteLocks.create("books", LockSettings.defaults().withOwner("rebuilder"));
		assertThat(lock.writeLock().acquire()).isTrue();

		String text = this.json.writeValueAsString(new RebuildCatalog(lock));
		assertThat(text).contains("\"writeToken\":" + lock.writeLock().getFencingToken().getAsLong())
			.doesNotContain("readToken");
		ReadWriteLock restored = this.readWriteLocks.restore(this.json.readValue(text, ReceivedRebuild.class).lock());
		assertThat(restored.writeLock().release()).isTrue();
		assertThat(lock.getState().isFree()).isTrue();
	}

	@Test
	void aHandleWithAnUnknownFieldIsRefusedNamingItAndNeverTheOwner() {
		String text = "{\"slot\":{\"namespace\":\"reports\",\"key\":\"monthly\",\"owner\":\"secret-owner-0123456789-"
				+ "abcdefghijkl\",\"ttl\":null,\"limit\":3,\"permits\":2},\"reportId\":\"r\"}";
		assertThatThrownBy(() -> this.json.readValue(text, ReceivedReport.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("permits")
			.hasMessageNotContaining("secret-owner");
	}

	@Test
	void aSemaphoreHandleWrittenAsAStringIsRefusedSayingWhatItShouldBe() {
		assertThatThrownBy(() -> this.json.readValue("{\"reportId\":\"r\",\"slot\":\"monthly\"}", ReceivedReport.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("a semaphore handle is written as a JSON object");
	}

}
