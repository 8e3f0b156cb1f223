package io.pixtools.app.config;

import io.pixtools.app.settings.PixToolsProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The management user ({@code PIXTOOLS_MANAGEMENT_USER}, {@code PIXTOOLS_MANAGEMENT_PASSWORD}). Without a password
 * one is generated once and kept in {@code management-password} under the data directory, readable by its owner only;
 * the log names that file and never shows the password. (This replaces Spring Boot's default user, which generates a
 * password at every start and logs it in full.)
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ManagementCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementCredentials.class);

    static final String PASSWORD_FILE = "management-password";

    @Bean
    InMemoryUserDetailsManager managementUser(SecurityProperties security, PixToolsProperties properties) {
        SecurityProperties.User user = security.getUser();
        String password = user.getPassword();
        if (user.isPasswordGenerated()) {
            Path file = properties.dataDir().toAbsolutePath().normalize().resolve(PASSWORD_FILE);
            password = storedPassword(file);
            LOG.warn(
                    "Management password of user '{}': in {}, readable by its owner only "
                            + "(set PIXTOOLS_MANAGEMENT_PASSWORD to choose one)",
                    user.getName(),
                    file);
        }
        // An encoded password ({bcrypt}...) is used as given; a plain one is compared as it is, as Spring Boot does.
        String encoded = password.matches("^\\{.+}.*$") ? password : "{noop}" + password;
        return new InMemoryUserDetailsManager(User.withUsername(user.getName())
                .password(encoded)
                .roles(user.getRoles().toArray(String[]::new))
                .build());
    }

    /** The stored password; the first process to need one creates it (processes may share the data directory). */
    static String storedPassword(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(file.getParent());
            Path draft = Files.createTempFile(file.getParent(), PASSWORD_FILE, ".tmp", ownerOnly());
            try {
                Files.writeString(draft, newPassword());
                // A hard link appears whole or not at all, and never replaces another process's file.
                Files.createLink(file, draft);
            } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                // fall through and read theirs
            } finally {
                Files.deleteIfExists(draft);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the management password " + file
                            + " (set PIXTOOLS_MANAGEMENT_PASSWORD, or make the data directory writable)",
                    e);
        }
    }

    private static String read(Path file) throws IOException {
        String password = Files.readString(file).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty: delete it to have a new password generated");
        }
        return password;
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }

    private static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
