package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.distlock.codec.FlatJson;

/**
 * An instance's own origin field as every instance writes it into an event ({@code "origin":"<id>"}, escaped the one
 * way {@link FlatJson} escapes), found in a received message's bytes without decoding it.
 *
 * <p>Redis sends a bus its own publishes back. Recognised on Lettuce's thread, they never take room in the queue of
 * received messages: under load they would otherwise crowd out the other instances' events, and be counted and logged
 * as lost events when nothing was lost. A plain search is exact: the field's quotes are unescaped, so in an event it
 * can only be the origin field itself (inside a string value every quote is escaped), and the closing quote ends the
 * id. A message the check misses (another version's spelling, say) is still recognised by its decoded origin; garbage
 * that spells the field is dropped as an echo, not counted as garbage.
 */
final class OriginField {

	private final byte[] field;

	private OriginField(byte[] field) {
		this.field = field;
	}

	/**
	 * The field of an instance.
	 * @param instanceId the instance's id
	 * @return its origin field
	 */
	static OriginField of(String instanceId) {
		String object = FlatJson.write(Map.of("origin", instanceId));
		// {"origin":"<id>"} without its braces.
		return new OriginField(object.substring(1, object.length() - 1).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Tells whether a message carries this origin: its field's bytes occur in it.
	 * @param message the message's bytes
	 * @return whether it names this origin
	 */
	boolean isIn(byte[] message) {
		int last = message.length - this.field.length;
		for (int start = 0; start <= last; start++) {
			if (matchesAt(message, start)) {
				return true;
			}
		}
		return false;
	}

	private boolean matchesAt(byte[] message, int start) {
		for (int i = 0; i < this.field.length; i++) {
			if (message[start + i] != this.field[i]) {
				return false;
			}
		}
		return true;
	}

}
