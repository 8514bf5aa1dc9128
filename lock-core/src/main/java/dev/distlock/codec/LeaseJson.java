package dev.distlock.codec;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.distlock.Expiry;
import dev.distlock.LockHandle;
import dev.distlock.ReadWriteLockHandle;
import dev.distlock.SemaphoreHandle;

/**
 * The JSON forms of {@link SemaphoreHandle} and {@link ReadWriteLockHandle}: a lock handle's flat form
 * ({@link LockJson}) with what the kind adds, read as strictly (unknown, missing, duplicate and mistyped fields
 * refused, every value checked as the API checks it, messages that never quote the owner).
 * <pre>
 * {"namespace":"lock","key":"reports","owner":"…","ttl":"PT5M","token":17,"limit":5}
 * {"namespace":"lock","key":"catalog","owner":"…","ttl":"PT5M","readToken":18,"writeToken":19}
 * </pre>
 *
 * @since 0.1.0
 */
public final class LeaseJson {

	/** The fields of a semaphore handle, for messages: {@value}. */
	public static final String SEMAPHORE_HANDLE_FIELDS = "namespace, key, owner, ttl, limit and, optionally, token";

	/** The fields of a read-write lock handle, for messages: {@value}. */
	public static final String READ_WRITE_LOCK_HANDLE_FIELDS = "namespace, key, owner, ttl and, optionally, "
			+ "readToken and writeToken";

	private static final String NAMESPACE = "namespace";

	private static final String KEY = "key";

	private static final String OWNER = "owner";

	private static final String TTL = "ttl";

	private static final String TOKEN = "token";

	private static final String LIMIT = "limit";

	private static final String READ_TOKEN = "readToken";

	private static final String WRITE_TOKEN = "writeToken";

	private LeaseJson() {
	}

	/**
	 * A semaphore handle's fields, in order, for a writer that walks them.
	 * @param handle the handle
	 * @return the lock handle's fields ({@link LockJson#fields(LockHandle)}), then {@code limit} as a {@link Long}
	 */
	public static Map<String, @Nullable Object> fields(SemaphoreHandle handle) {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>(LockJson.fields(handle.slot()));
		fields.put(LIMIT, (long) handle.limit());
		return Collections.unmodifiableMap(fields);
	}

	/**
	 * A read-write lock handle's fields, in order, for a writer that walks them.
	 * @param handle the handle
	 * @return {@code namespace}, {@code key}, {@code owner}, {@code ttl}, and each half's token it has
	 */
	public static Map<String, @Nullable Object> fields(ReadWriteLockHandle handle) {
		LockHandle read = handle.read();
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		fields.put(NAMESPACE, read.namespace());
		fields.put(KEY, read.key());
		fields.put(OWNER, read.owner());
		fields.put(TTL, LockJson.ttl(read.expiry()));
		if (read.token() > 0) {
			fields.put(READ_TOKEN, read.token());
		}
		if (handle.write().token() > 0) {
			fields.put(WRITE_TOKEN, handle.write().token());
		}
		return Collections.unmodifiableMap(fields);
	}

	/**
	 * Writes a semaphore handle.
	 * @param handle the handle
	 * @return its JSON text
	 */
	public static String write(SemaphoreHandle handle) {
		return FlatJson.write(fields(handle));
	}

	/**
	 * Writes a read-write lock handle.
	 * @param handle the handle
	 * @return its JSON text
	 */
	public static String write(ReadWriteLockHandle handle) {
		return FlatJson.write(fields(handle));
	}

	/**
	 * Reads a semaphore handle.
	 * @param json the JSON text
	 * @return the handle
	 * @throws IllegalArgumentException naming the field, if the text is not a valid semaphore handle
	 */
	public static SemaphoreHandle readSemaphoreHandle(String json) {
		return readSemaphoreHandle(JsonFields.of(FlatJson.read(json)));
	}

	/**
	 * Reads a semaphore handle from fields a streaming reader collected.
	 * @param fields the fields
	 * @return the handle
	 * @throws IllegalArgumentException naming the field, if the fields are not a valid semaphore handle
	 */
	public static SemaphoreHandle readSemaphoreHandle(JsonFields fields) {
		String namespace = fields.string(NAMESPACE);
		String key = fields.string(KEY);
		String owner = fields.string(OWNER);
		Expiry.Resolved expiry = LockJson.expiry(fields);
		long token = fields.has(TOKEN) ? token(TOKEN, fields.value(TOKEN)) : 0;
		long limit = fields.count(LIMIT);
		fields.requireNoOthers("; a semaphore handle has the fields " + SEMAPHORE_HANDLE_FIELDS);
		if (limit > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("field 'limit' must be at most 1000000, was " + limit);
		}
		return new SemaphoreHandle(new LockHandle(namespace, key, owner, expiry, token), (int) limit);
	}

	/**
	 * Reads a read-write lock handle.
	 * @param json the JSON text
	 * @return the handle
	 * @throws IllegalArgumentException naming the field, if the text is not a valid read-write lock handle
	 */
	public static ReadWriteLockHandle readReadWriteLockHandle(String json) {
		return readReadWriteLockHandle(JsonFields.of(FlatJson.read(json)));
	}

	/**
	 * Reads a read-write lock handle from fields a streaming reader collected.
	 * @param fields the fields
	 * @return the handle
	 * @throws IllegalArgumentException naming the field, if the fields are not a valid read-write lock handle
	 */
	public static ReadWriteLockHandle readReadWriteLockHandle(JsonFields fields) {
		String namespace = fields.string(NAMESPACE);
		String key = fields.string(KEY);
		String owner = fields.string(OWNER);
		Expiry.Resolved expiry = LockJson.expiry(fields);
		long readToken = fields.has(READ_TOKEN) ? token(READ_TOKEN, fields.value(READ_TOKEN)) : 0;
		long writeToken = fields.has(WRITE_TOKEN) ? token(WRITE_TOKEN, fields.value(WRITE_TOKEN)) : 0;
		fields.requireNoOthers("; a read-write lock handle has the fields " + READ_WRITE_LOCK_HANDLE_FIELDS);
		return new ReadWriteLockHandle(new LockHandle(namespace, key, owner, expiry, readToken),
				new LockHandle(namespace, key, owner, expiry, writeToken));
	}

	private static long token(String name, @Nullable Object value) {
		if (value instanceof BigInteger) {
			throw new IllegalArgumentException("field '" + name + "' must fit in 64 bits");
		}
		if (!(value instanceof Long token) || token <= 0) {
			throw new IllegalArgumentException("field '" + name + "' must be a positive integer, or left out for a "
					+ "handle without that fencing token, not "
					+ ((value instanceof Long) ? String.valueOf(value) : JsonFields.describe(value)));
		}
		return token;
	}

}
