package com.example.app;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GreetingController {

	private final GreetingService greetings;

	public GreetingController(GreetingService greetings) {
		this.greetings = greetings;
	}

	@GetMapping("/greetings/{name}")
	public GreetingService.Greeting greet(@PathVariable String name) {
		return this.greetings.greet(name);
	}

}
