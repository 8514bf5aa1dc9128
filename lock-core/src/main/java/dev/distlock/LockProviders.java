package dev.distlock;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Several {@link LockProvider}s side by side, each under a name: the seed's provider factory. Memory for in-process
 * deduplication, Redis for cluster-wide locks, a database for jobs, each chosen per use by name. The Spring Boot
 * starter makes one from {@code distlock.*} (the provider named {@value #DEFAULT_NAME}) and
 * {@code distlock.providers.<name>.*}.
 *
 * <pre>{@code
 * LockProviders providers = LockProviders.builder()
 *     .provider("default", LockProvider.builder(redisAdapter).build())
 *     .provider("local", LockProvider.builder(new MemoryLockAdapter()).namespace("local").build())
 *     .build();
 * providers.get("local").create("cache-rebuild").runOrFail(this::rebuild);
 * Lock restored = providers.restore(handle); // the provider whose namespace the handle names
 * }</pre>
 *
 * <p>Every provider has a namespace of its own, checked when built: a {@link LockHandle} names its namespace, and
 * {@link #restore(LockHandle)} binds it to the one provider of that namespace, never to another adapter's. Two
 * providers with one namespace would make that ambiguous, and would mix their events on a shared bus.
 *
 * @since 0.1.0
 */
public final class LockProviders implements AutoCloseable {

	/** The name of the provider that {@code @DistributedLock} and injection use unless told otherwise. */
	public static final String DEFAULT_NAME = "default";

	private final Map<String, LockProvider> byName;

	private final Map<String, LockProvider> byNamespace;

	private LockProviders(Map<String, LockProvider> byName) {
		this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
		Map<String, String> namesByNamespace = new LinkedHashMap<>();
		Map<String, LockProvider> byNamespace = new LinkedHashMap<>();
		byName.forEach((name, provider) -> {
			String root = provider.getNamespace().root();
			String other = namesByNamespace.putIfAbsent(root, name);
			if (other != null) {
				throw new IllegalArgumentException("providers " + Arguments.quote(other) + " and "
						+ Arguments.quote(name) + " share the namespace " + Arguments.quote(root)
						+ ": a lock handle of that namespace could be bound to either; give each its own namespace");
			}
			byNamespace.put(root, provider);
		});
		this.byNamespace = Collections.unmodifiableMap(byNamespace);
	}

	/**
	 * Starts building a set of providers.
	 * @return an empty builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The provider of a name.
	 * @param name the name, {@value #DEFAULT_NAME} for the default provider
	 * @return the provider
	 * @throws IllegalArgumentException if {@code name} is {@code null} or names no provider (the message lists the
	 * names there are)
	 */
	public LockProvider get(String name) {
		Arguments.requireNonNull("name", name);
		LockProvider provider = this.byName.get(name);
		if (provider == null) {
			throw new IllegalArgumentException("name " + Arguments.quote(name) + " is not a lock provider; the providers are "
					+ this.byName.keySet());
		}
		return provider;
	}

	/**
	 * The provider of a name, if there is one.
	 * @param name the name
	 * @return the provider, empty if {@code name} names none
	 * @throws IllegalArgumentException if {@code name} is {@code null}
	 */
	public Optional<LockProvider> find(String name) {
		return Optional.ofNullable(this.byName.get(Arguments.requireNonNull("name", name)));
	}

	/**
	 * The provider whose namespace has the given root.
	 * @param namespaceRoot the root, as a {@link LockHandle#namespace()} names it
	 * @return the provider, empty if no provider has that namespace
	 * @throws IllegalArgumentException if {@code namespaceRoot} is {@code null}
	 */
	public Optional<LockProvider> forNamespace(String namespaceRoot) {
		return Optional.ofNullable(this.byNamespace.get(Arguments.requireNonNull("namespaceRoot", namespaceRoot)));
	}

	/**
	 * Turns a handle back into a lock of the provider it came from, found by the handle's namespace.
	 * @param handle the handle
	 * @return the lock, bound to the provider of the handle's namespace
	 * @throws IllegalArgumentException if {@code handle} is {@code null} or its namespace is no provider's: such a
	 * handle is refused, never bound to another provider's adapter
	 */
	public Lock restore(LockHandle handle) {
		Arguments.requireNonNull("handle", handle);
		LockProvider provider = this.byNamespace.get(handle.namespace());
		if (provider == null) {
			throw new IllegalArgumentException("handle.namespace " + Arguments.quote(handle.namespace())
					+ " is no provider's namespace; the namespaces are " + this.byNamespace.keySet());
		}
		return provider.restore(handle);
	}

	/**
	 * The names of the providers, in the order they were added.
	 * @return the names
	 */
	public Set<String> names() {
		return this.byName.keySet();
	}

	/**
	 * The providers by name, in the order they were added.
	 * @return the providers, unmodifiable
	 */
	public Map<String, LockProvider> asMap() {
		return this.byName;
	}

	/**
	 * Closes every provider.
	 */
	@Override
	public void close() {
		this.byName.values().forEach(LockProvider::close);
	}

	@Override
	public String toString() {
		return "LockProviders" + this.byName.keySet();
	}

	/**
	 * Builds {@link LockProviders}. Not thread-safe.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final Map<String, LockProvider> providers = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Adds a provider under a name.
		 * @param name the name: letters, digits, {@code '-'} and {@code '_'}
		 * @param provider the provider
		 * @return this builder
		 * @throws IllegalArgumentException if an argument is {@code null}, {@code name} is malformed, or a provider of
		 * that name was added already
		 */
		public Builder provider(String name, LockProvider provider) {
			requireName(name);
			Arguments.requireNonNull("provider", provider);
			if (this.providers.putIfAbsent(name, provider) != null) {
				throw new IllegalArgumentException("name " + Arguments.quote(name) + " has a provider already");
			}
			return this;
		}

		/**
		 * Builds the set.
		 * @return the providers
		 * @throws IllegalArgumentException if two providers share a namespace
		 */
		public LockProviders build() {
			return new LockProviders(this.providers);
		}

	}

	/**
	 * Checks a provider's name: one that can be a Spring bean qualifier and a property name part.
	 * @param name the name
	 * @return the name
	 * @throws IllegalArgumentException if {@code name} is {@code null}, empty, longer than 64 characters or holds
	 * anything but letters, digits, {@code '-'} and {@code '_'}
	 */
	public static String requireName(String name) {
		Arguments.requireNonNull("name", name);
		if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch((c) -> (c < 128)
				&& (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
			throw new IllegalArgumentException("name must be 1 to 64 letters, digits, '-' or '_', was "
					+ Arguments.quote(name));
		}
		return name;
	}

}
