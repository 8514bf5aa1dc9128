package dev.distlock.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs the sample: {@code ./mvnw -pl sample-app -am spring-boot:run} from the repository root, in memory; add
 * {@code -Dspring-boot.run.profiles=redis} to lock through the Redis on localhost:6379, or
 * {@code -Dspring-boot.run.profiles=jdbc} to lock through the PostgreSQL on localhost:5432.
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the application.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
