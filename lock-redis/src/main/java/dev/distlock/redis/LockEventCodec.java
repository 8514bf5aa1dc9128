package dev.distlock.redis;

import java.util.UUID;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.UntrustedText;
import dev.distlock.codec.LockJson;
import dev.distlock.codec.LockJson.EventError;
import dev.distlock.codec.LockJson.EventLock;
import dev.distlock.event.LockEvent;

/**
 * A lock event on the Redis channel: core's {@linkplain LockJson event form}, read and written as every instance
 * does, with what only this bus does around it.
 *
 * <p>The owner is the lock's credential, so by default it does not travel: the form's version 3 carries its
 * {@linkplain dev.distlock.OwnerFingerprint fingerprint}, and the receiving side gets an {@link OwnerlessLock}, which
 * reads the key but cannot release, refresh or take it. Only a bus told to include owners writes version 2, whose
 * events arrive with live locks of the receiving provider. An error arrives as a {@link RemoteLockException}, and is
 * sent on as the remote one it stands for.
 *
 * <p>Decoding only ever builds one of the nine event records; every other message (malformed, an unknown version or
 * type, a missing, extra or ill-typed field, another namespace) is rejected with an {@link IllegalArgumentException}
 * that says why, quoting a value at most as a short prefix and never the owner.
 */
final class LockEventCodec {

	private LockEventCodec() {
	}

	/**
	 * Encodes an event.
	 * @param event the event
	 * @param includeOwners whether the payload carries the owner (version 2) rather than its fingerprint (version 3)
	 * @return the payload
	 */
	static String encode(LockEvent event, boolean includeOwners) {
		Lock lock = event.lock();
		// A received lock that owns nothing can only send its fingerprint, whatever this bus's setting.
		EventLock sent = (lock instanceof OwnerlessLock ownerless)
				? new EventLock(ownerless.getNamespace(), lock.getKey(), null, ownerless.getOwnerFingerprint(),
						lock.getExpiry(), lock.getFencingToken().orElse(0))
				: EventLock.of(lock.toHandle(), includeOwners);
		return LockJson.writeEvent(event, sent, (error) -> (error instanceof RemoteLockException remote)
				? new EventError(remote.getRemoteType(), remote.getRemoteMessage()) : EventError.of(error));
	}

	/**
	 * Decodes a payload.
	 * @param payload the payload
	 * @param provider the receiving provider, whose locks the event's lock reads (or is, when the owner came)
	 * @return the event
	 * @throws IllegalArgumentException saying why, if the payload is not a lock event of the provider's namespace in
	 * one of the versions read
	 */
	static LockEvent decode(String payload, LockProvider provider) {
		return LockJson.readEvent(payload, (sent) -> lock(sent, provider),
				(error) -> new RemoteLockException(error.type(), error.message()));
	}

	private static Lock lock(EventLock sent, LockProvider provider) {
		String expected = provider.getNamespace().root();
		if (!sent.namespace().equals(expected)) {
			throw new IllegalArgumentException("namespace is " + UntrustedText.quote(sent.namespace())
					+ ", not this provider's " + UntrustedText.quote(expected));
		}
		String owner = sent.owner();
		if (owner != null) {
			return provider.restore(new LockHandle(sent.namespace(), sent.key(), owner, sent.expiry(), sent.token()));
		}
		// An owner of its own that nobody holds: the reader can read the key, and the wrapper lets it do nothing else.
		LockHandle nobodys = new LockHandle(sent.namespace(), sent.key(), UUID.randomUUID().toString(), sent.expiry(),
				sent.token());
		return new OwnerlessLock(sent.namespace(), provider.restore(nobodys), String.valueOf(sent.ownerFingerprint()));
	}

}
