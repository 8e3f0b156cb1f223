package io.pixtools.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PixToolsApplication {

    public static void main(String[] args) {
        SpringApplication.run(PixToolsApplication.class, args);
    }
}
