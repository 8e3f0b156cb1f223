package io.pixtools.app.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code PIXTOOLS_ROLES=migrate}: Flyway has migrated the database while the application started; nothing else
 * is to be done, so the process exits with status 0 (a one-shot job in Compose and Kubernetes).
 */
@Component
@ConditionalOnExpression("'${pixtools.roles:}' == 'migrate' and '${pixtools.command:serve}' == 'serve'")
class MigrateOnly implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrateOnly.class);

    private final ConfigurableApplicationContext context;

    MigrateOnly(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        LOG.info("Database migrated; exiting (role migrate)");
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
