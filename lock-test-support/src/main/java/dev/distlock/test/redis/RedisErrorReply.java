package dev.distlock.test.redis;

/**
 * An error reply of Redis, such as {@code -LOADING ...}, as {@link RedisProcesses#command} returns it.
 *
 * @param message the reply without its leading {@code -}
 */
record RedisErrorReply(String message) {

}
