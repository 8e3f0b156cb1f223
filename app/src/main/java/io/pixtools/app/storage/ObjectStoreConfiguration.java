package io.pixtools.app.storage;

import io.pixtools.app.settings.PixToolsProperties;
import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The object store: files under the data directory in the embedded default ({@link LocalObjectStore}, which the
 * default profile's {@code object-*} endpoints call), or an S3 API through the client that camel-aws2-s3 uses.
 */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    @ConditionalOnProperty(name = "pixtools.object-store.embedded", havingValue = "true", matchIfMissing = true)
    LocalObjectStore localObjectStore(PixToolsProperties properties) {
        return new LocalObjectStore(properties
                .dataDir()
                .resolve("objects")
                .resolve(properties.objectStore().bucket()));
    }

    /**
     * Timeouts are short and there is no retry inside the client: the workers' routes retry on their own, with
     * back-off. A whole request may take {@code request-timeout} (a large original over a slow link); intake asks the
     * store whether it answers at all first (see {@link ObjectStoreReady}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "pixtools.object-store.embedded", havingValue = "false")
    S3Client s3Client(PixToolsProperties properties) {
        PixToolsProperties.ObjectStore store = properties.objectStore();
        URI endpoint = store.endpoint();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(store.region()))
                .credentialsProvider(credentials(store))
                .forcePathStyle(store.pathStyle())
                // S3Proxy and other S3 servers reject the flexible checksums of AWS SDK 2.30+.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1))
                        .apiCallAttemptTimeout(store.requestTimeout())
                        .addExecutionInterceptor(new NoExpectContinue()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(64)
                        .expectContinueEnabled(false)
                        .connectionTimeout(store.connectTimeout())
                        .socketTimeout(store.readTimeout()));
        if (endpoint != null && !endpoint.toString().isBlank()) {
            builder.endpointOverride(endpoint);
        }
        S3Client client = builder.build();
        if (store.createBucket()) {
            createBucketIfMissing(client, store.bucket());
        }
        return client;
    }

    private static AwsCredentialsProvider credentials(PixToolsProperties.ObjectStore store) {
        if (store.accessKey() == null || store.accessKey().isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(store.accessKey(), store.secretKey()));
    }

    private static void createBucketIfMissing(S3Client client, String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            createBucket(client, bucket);
        }
    }

    /** Several processes may start at once: a bucket another one just created is fine. */
    private static void createBucket(S3Client client, String bucket) {
        try {
            client.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // created meanwhile by a sibling process
        }
    }
}
