package io.pixtools.app.config;

import io.pixtools.app.settings.PixToolsProperties;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.web.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The web server's multipart limits follow {@code pixtools.limits.max-upload-size}, so that one setting decides
 * the 413. Parts above 1 MB go to disk as they arrive rather than into memory.
 */
@Configuration(proxyBeanMethods = false)
class UploadLimitsConfiguration {

    /** Room for the form fields and multipart framing around the file. */
    private static final DataSize FORM_OVERHEAD = DataSize.ofKilobytes(256);

    @Bean
    MultipartConfigElement multipartConfigElement(PixToolsProperties properties) throws IOException {
        Path uploads = Files.createDirectories(ProcessDirectories.of(properties.dataDir(), "uploads"));
        DataSize maxFile = properties.limits().maxUploadSize();
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(maxFile);
        factory.setMaxRequestSize(DataSize.ofBytes(maxFile.toBytes() + FORM_OVERHEAD.toBytes()));
        factory.setFileSizeThreshold(DataSize.ofMegabytes(1));
        factory.setLocation(uploads.toString());
        return factory.createMultipartConfig();
    }
}
