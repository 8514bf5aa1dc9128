package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.codec.FlatJson;
import dev.distlock.redis.EventInputs.EventSpec;

/**
 * An instance recognises its own events in their bytes, and only its own: for events of every type with keys,
 * owners, origins and error messages from all of Unicode, including keys, owners and messages that spell another
 * instance's origin field.
 */
class OriginFieldPropertyTests {

	private static final LockProvider sender = LockProvider.builder(new MemoryLockAdapter())
		.namespace(Namespace.of("origins"))
		.build();

	@Provide
	Arbitrary<EventSpec> events() {
		return EventInputs.events();
	}

	@Provide
	Arbitrary<String> origins() {
		return EventInputs.origins();
	}

	@Property(tries = 300)
	void anEventNamesItsOriginAndNoOther(@ForAll("events") EventSpec spec, @ForAll("origins") String other,
			@ForAll boolean includeOwners) {
		byte[] message = EventInputs.utf8(LockEventCodec.encode(spec.event(sender), includeOwners));

		assertThat(OriginField.of(spec.origin()).isIn(message)).isTrue();
		assertThat(OriginField.of(other).isIn(message)).isEqualTo(other.equals(spec.origin()));
		String origin = spec.origin();
		if (origin.codePointCount(0, origin.length()) > 1) {
			String prefix = origin.substring(0, origin.offsetByCodePoints(origin.length(), -1));
			assertThat(OriginField.of(prefix).isIn(message)).as("a shorter id").isFalse();
		}
	}

	@Property(tries = 300)
	void anotherInstancesOriginSpelledInsideAValueIsNotItsField(@ForAll("events") EventSpec spec,
			@ForAll("origins") String spelled, @ForAll boolean includeOwners) {
		String field = FlatJson.write(Map.of("origin", spelled));
		// As raw text in the key, the owner and the error message: each is written as a string, its quotes escaped.
		String inside = field + "," + field.substring(1, field.length() - 1) + ",";
		EventSpec spelling = new EventSpec(7, inside, inside, spec.ttl(), spec.lockToken(), spec.origin(),
				spec.token(), spec.refreshedTtl(), spec.released(), spec.detection(), spec.errorType(), inside);
		byte[] message = EventInputs.utf8(LockEventCodec.encode(spelling.event(sender), includeOwners));

		assertThat(OriginField.of(spelled).isIn(message)).isEqualTo(spelled.equals(spec.origin()));
	}

}
