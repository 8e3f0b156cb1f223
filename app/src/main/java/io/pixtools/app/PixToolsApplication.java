package io.pixtools.app;

import io.pixtools.app.access.KeysCommand;
import io.pixtools.app.aot.SpringAotChoice;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PixToolsApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("keys")) {
            System.exit(KeysCommand.run(
                    PixToolsApplication.class, Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringAotChoice.apply(args);
        SpringApplication.run(PixToolsApplication.class, args);
    }
}
