package dev.distlock.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.redisson.client.NettyHook;
import org.redisson.client.protocol.CommandData;
import org.redisson.client.protocol.CommandsData;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import dev.distlock.redis.FloorAccess;

/**
 * The Redis commands the library under test sends, counted on the client: what goes over the wire, one round trip
 * (or one pipelined slot) each, and not the commands a script runs inside Redis, which {@code INFO commandstats}
 * counts as well. The benchmark's own connection (barriers, the 2-JVM counter, {@code INFO}) is not counted.
 *
 * <p>Off unless {@link #enable()} was called before the clients were opened (the probe and the contended harness
 * do; the JMH runs of scenario a do not, so that counting costs them nothing). Lettuce clients (distlock, the floor,
 * Spring Integration, ShedLock) count through a {@link CommandListener} on the client, which sees every connection
 * it opens afterwards, pub/sub included; Redisson through a Netty handler at the tail of each channel's pipeline,
 * where its commands enter before they are encoded. {@code EVALSHA} of one of distlock's scripts is counted by the
 * script's name, for example {@code evalsha acquire}.
 */
final class SentCommands {

	private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

	private static final Map<String, String> SCRIPTS = FloorAccess.scriptNames();

	private static volatile boolean enabled;

	private SentCommands() {
	}

	/** Counts the commands of every client opened from now on in this JVM. */
	static void enable() {
		enabled = true;
	}

	static boolean isEnabled() {
		return enabled;
	}

	/** Counts what {@code client} sends on the connections it opens from now on, if counting is enabled. */
	static void attach(AbstractRedisClient client) {
		if (enabled) {
			client.addListener(new Listener());
		}
	}

	/** The hook that counts what Redisson sends; it adds nothing to a channel while counting is off. */
	static NettyHook redissonHook() {
		return new RedissonHook();
	}

	/** Commands sent so far, by name. */
	static Map<String, Long> snapshot() {
		Map<String, Long> snapshot = new TreeMap<>();
		COUNTS.forEach((name, count) -> snapshot.put(name, count.sum()));
		return snapshot;
	}

	private static void count(String name) {
		COUNTS.computeIfAbsent(name, (k) -> new LongAdder()).increment();
	}

	private static final class Listener implements CommandListener {

		@Override
		public void commandStarted(CommandStartedEvent event) {
			RedisCommand<Object, Object, Object> command = event.getCommand();
			String name = command.getType().toString().toLowerCase(Locale.ROOT);
			if (name.equals("evalsha")) {
				CommandArgs<Object, Object> args = command.getArgs();
				String script = (args != null) ? SCRIPTS.get(args.getFirstString()) : null;
				if (script != null) {
					name = name + " " + script;
				}
			}
			count(name);
		}

	}

	private static final class RedissonHook implements NettyHook {

		@Override
		public void afterBoostrapInitialization(Bootstrap bootstrap) {
		}

		@Override
		public void afterChannelInitialization(Channel channel) {
			if (!enabled) {
				return;
			}
			// Last in the pipeline: a write enters here first, as Redisson's command objects, before any encoder.
			channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {

				@Override
				public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
					if (message instanceof CommandData<?, ?> command) {
						count(command.getCommand().getName().toLowerCase(Locale.ROOT));
					}
					else if (message instanceof CommandsData batch) {
						batch.getCommands().forEach((command) -> count(command.getCommand().getName().toLowerCase(Locale.ROOT)));
					}
					super.write(context, message, promise);
				}

			});
		}

	}

}
