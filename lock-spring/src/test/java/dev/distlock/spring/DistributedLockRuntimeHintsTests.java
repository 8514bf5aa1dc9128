package dev.distlock.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.spring.jackson.LockJacksonModule;

/**
 * The native-image hints: what the annotation path reflects on (the annotation, the SpEL root, the locked methods and
 * their parameters) and the Jackson module's types, found by Spring's AOT through {@code aot.factories}.
 */
class DistributedLockRuntimeHintsTests {

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void theAnnotationTheExpressionRootAndTheJacksonTypesAreRegistered() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new DistributedLockRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(this.reflection.onMethodInvocation(DistributedLock.class, "key")).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(DistributedLock.class, "ttl")).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(LockExpressionRoot.class, "getMethodName")).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(LockExpressionRoot.class, "getTargetClass")).accepts(hints);
		assertThat(this.reflection.onType(LockHandle.class)).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(LockHandle.class, "owner")).accepts(hints);
		assertThat(this.reflection.onType(Lock.class)).accepts(hints);
		assertThat(this.reflection.onType(LockJacksonModule.class)).accepts(hints);
		assertThat(this.reflection.onConstructorInvocation(LockJacksonModule.class.getConstructor(
				dev.distlock.LockProvider.class))).accepts(hints);
	}

	@Test
	void withoutJacksonNoJacksonTypeIsRegistered() {
		RuntimeHints hints = new RuntimeHints();
		ClassLoader withoutJackson = new ClassLoader(getClass().getClassLoader()) {
			@Override
			protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
				if (name.startsWith("tools.jackson.")) {
					throw new ClassNotFoundException(name);
				}
				return super.loadClass(name, resolve);
			}
		};
		new DistributedLockRuntimeHints().registerHints(hints, withoutJackson);
		assertThat(this.reflection.onType(LockHandle.class)).rejects(hints);
		assertThat(this.reflection.onType(LockExpressionRoot.class)).accepts(hints);
	}

	@Test
	void theLockedMethodsOfABeanAreRegisteredWithTheirParameters() throws Exception {
		RuntimeHints hints = hintsFor(Booking.class);
		assertThat(this.reflection.onMethodInvocation(Booking.class.getDeclaredMethod("book", String.class,
				String.class))).accepts(hints);
		assertThat(this.reflection.onMethodInvocation(Booking.class, "unlocked")).rejects(hints);
		assertThat(this.reflection.onMethodInvocation(Order.class, "id")).accepts(hints);
		assertThat(this.reflection.onType(String.class)).rejects(hints);
	}

	@Test
	void aClassLevelAnnotationRegistersThePublicMethods() {
		RuntimeHints hints = hintsFor(LockedClass.class);
		assertThat(this.reflection.onMethodInvocation(LockedClass.class, "work")).accepts(hints);
	}

	@Test
	void aBeanWithoutTheAnnotationContributesNothing() {
		assertThat(contribution(Unlocked.class)).isNull();
	}

	@Test
	void bothAreRegisteredForSpringAot() {
		SpringFactoriesLoader factories = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");
		assertThat(factories.load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(DistributedLockRuntimeHints.class);
		assertThat(factories.load(BeanRegistrationAotProcessor.class))
			.hasAtLeastOneElementOfType(DistributedLockBeanRuntimeHintsProcessor.class);
	}

	private static RuntimeHints hintsFor(Class<?> beanClass) {
		BeanRegistrationAotContribution contribution = contribution(beanClass);
		assertThat(contribution).isNotNull();
		DefaultGenerationContext context = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("dev.distlock.spring", "Generated")), new InMemoryGeneratedFiles());
		// The contribution only adds hints; it writes no bean registration code.
		contribution.applyTo(context, null);
		return context.getRuntimeHints();
	}

	private static BeanRegistrationAotContribution contribution(Class<?> beanClass) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("bean", new RootBeanDefinition(beanClass));
		return new DistributedLockBeanRuntimeHintsProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "bean"));
	}

	static class Booking {

		@DistributedLock(key = "'seat:' + #show + ':' + #seat")
		String book(String show, String seat) {
			return show + seat;
		}

		@DistributedLock(key = "'order:' + #order.id")
		String ship(Order order) {
			return order.id();
		}

		String unlocked() {
			return "";
		}

	}

	record Order(String id) {
	}

	@DistributedLock(key = "'locked'")
	static class LockedClass {

		public String work() {
			return "";
		}

	}

	static class Unlocked {

		String work() {
			return "";
		}

	}

}
