package io.pixtools.app.config;

import io.pixtools.app.api.form.FormDataResolver;
import io.pixtools.app.settings.PixToolsProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Uploads are read by {@link FormDataResolver} ({@code spring.servlet.multipart.enabled} is false, so the web server
 * never parses a form itself) with limits that follow {@code pixtools.limits.max-upload-size}, so that one setting
 * decides the 413. File parts go to disk as they arrive.
 */
@Configuration(proxyBeanMethods = false)
class UploadLimitsConfiguration {

    /** Room for the form fields and multipart framing around the file. */
    private static final DataSize FORM_OVERHEAD = DataSize.ofKilobytes(256);

    /**
     * What Tomcat asks the socket for at once. Its default, 8 KB, took 256 reads for a 2 MB upload, each handed to the
     * form parser and written to the upload's file on its own.
     */
    private static final DataSize SOCKET_READ = DataSize.ofKilobytes(64);

    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver(PixToolsProperties properties) throws IOException {
        Path uploads = Files.createDirectories(ProcessDirectories.of(properties.dataDir(), "uploads"));
        return new FormDataResolver(properties.limits().maxUploadSize().toBytes(), FORM_OVERHEAD.toBytes(), uploads);
    }

    @Bean
    @ConditionalOnWebApplication
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> uploadSocketReads() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_READ.toBytes())));
    }
}
