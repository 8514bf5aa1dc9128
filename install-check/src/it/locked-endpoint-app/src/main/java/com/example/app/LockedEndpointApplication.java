package com.example.app;

import java.io.File;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;

/** The throwaway application: started by verify.groovy on a random port, which it writes to the file given. */
@SpringBootApplication
public class LockedEndpointApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(LockedEndpointApplication.class);
		application.addListeners(new WebServerPortFileWriter(new File(System.getProperty("port.file", "app.port"))));
		application.run(args);
	}

}
