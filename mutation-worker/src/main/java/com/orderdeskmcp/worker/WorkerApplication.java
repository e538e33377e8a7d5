package com.orderdeskmcp.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    public static void main(String[] args) {
        // Axon's update checker would call out to the internet from every worker.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(WorkerApplication.class, args);
    }
}
