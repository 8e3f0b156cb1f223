package io.pixtools.app.access;

import io.pixtools.app.settings.PixToolsProperties;
import io.pixtools.app.settings.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * An API without keys is open to anyone who reaches it. The embedded default allows that for local use and says so
 * loudly; the distributed profile, which is meant to face a network, refuses to start its API that way unless
 * {@code PIXTOOLS_AUTH=none} says it is meant to be open.
 */
@Component
@ConditionalOnWebApplication
class AccessStartupCheck implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(AccessStartupCheck.class);

    private final ApiKeyRegistry keys;
    private final PixToolsProperties properties;
    private final Environment environment;

    AccessStartupCheck(ApiKeyRegistry keys, PixToolsProperties properties, Environment environment) {
        this.keys = keys;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!Roles.parse(properties.roles()).contains(Roles.API)) {
            return;
        }
        if (properties.auth() == PixToolsProperties.Auth.NONE) {
            LOG.warn("PIXTOOLS_AUTH=none: the API is open to anyone who can reach it");
            return;
        }
        if (keys.count() > 0) {
            LOG.info("API keys required: {} active", keys.count());
            return;
        }
        if (keys.required()) {
            LOG.warn("API keys required, but every key is revoked: the API answers 401 to everyone until one is "
                    + "created (./pixtools keys create NAME)");
            return;
        }
        if (environment.acceptsProfiles(Profiles.of("distributed"))) {
            throw new IllegalStateException("No API key exists: the distributed profile does not start an open API. "
                    + "Create one (java -jar pixtools.jar keys create NAME, with the same database settings), give "
                    + "PIXTOOLS_API_KEYS, or set PIXTOOLS_AUTH=none to run it open on purpose.");
        }
        LOG.warn("""

                ****************************************************************************************
                  No API key exists: the API is OPEN to anyone who can reach this port.
                  Fine on your own machine; before anyone else can reach it, create a key:
                      ./pixtools keys create my-laptop
                  From then on every /api route but /api/health needs 'Authorization: Bearer <key>'.
                ****************************************************************************************""");
    }
}
