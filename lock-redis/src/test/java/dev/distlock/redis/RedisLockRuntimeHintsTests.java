package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The native-image hints cover every script the adapter ships, and Spring's AOT finds them. */
class RedisLockRuntimeHintsTests {

	@Test
	void everyShippedScriptIsARegisteredResource() throws IOException {
		RuntimeHints hints = new RuntimeHints();
		new RedisLockRuntimeHints().registerHints(hints, getClass().getClassLoader());
		Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath*:dev/distlock/redis/*.lua");
		assertThat(scripts).extracting(Resource::getFilename).contains("acquire.lua", "release.lua", "refresh.lua");
		assertThat(Arrays.stream(scripts).map(Resource::getFilename))
			.allSatisfy((name) -> assertThat(RuntimeHintsPredicates.resource().forResource("dev/distlock/redis/" + name))
				.as(name)
				.accepts(hints));
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/distlock/redis/a-script-added-later.lua"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/distlock/other/acquire.lua")).rejects(hints);
	}

	@Test
	void isRegisteredForSpringAot() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(RedisLockRuntimeHints.class);
	}

}
