package com.example.app;

import org.springframework.stereotype.Service;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.spring.DistributedLock;

/** One lock per name, as the README's quick start writes it. */
@Service
public class GreetingService {

	private final LockProvider locks;

	public GreetingService(LockProvider locks) {
		this.locks = locks;
	}

	@DistributedLock(key = "'greeting:' + #name")
	public Greeting greet(String name) {
		// Inside the method the key is held: another owner's acquire of it fails. That proves the annotation
		// was applied (the starter's auto-configuration and the SpEL key, parameter name included).
		Lock other = this.locks.create("greeting:" + name);
		boolean heldByTheCall = !other.acquire();
		if (!heldByTheCall) {
			other.release();
		}
		return new Greeting(name, heldByTheCall);
	}

	public record Greeting(String name, boolean locked) {
	}

}
