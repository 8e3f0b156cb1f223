package io.pixtools.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.app.http.ErrorBody;
import io.pixtools.app.storage.ObjectStoreUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Outages become a 503 naming the dependency, however deep the client wraps them; bugs stay 500s. */
class DependencyFailuresTests {

    private final ErrorResponder responder = new ErrorResponder(new com.fasterxml.jackson.databind.ObjectMapper());

    @Test
    void eachDependencysOutageIsA503NamingIt() {
        assertThat(body(new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("timed out"))))
                .isEqualTo("database");
        assertThat(body(wrapped(new RedisConnectionFailureException("refused"))))
                .isEqualTo("idempotency_store");
        assertThat(body(new org.springframework.dao.QueryTimeoutException(
                        "Redis command timed out", new io.lettuce.core.RedisCommandTimeoutException("timed out"))))
                .as("Spring's generic timeout around Redis's")
                .isEqualTo("idempotency_store");
        assertThat(body(wrapped(new AmqpConnectException(new ConnectException("refused")))))
                .isEqualTo("queue");
        assertThat(body(wrapped(new IllegalStateException("Queue full")))).isEqualTo("queue");
        assertThat(body(wrapped(ApiCallAttemptTimeoutException.create(1500)))).isEqualTo("object_store");
        assertThat(body(new ObjectStoreUnavailableException("disk full", new IOException("No space left on device"))))
                .isEqualTo("object_store");
        assertThat(body(wrapped(
                        NoSuchBucketException.builder().message("no bucket").build())))
                .as("a bucket that is gone: the store, not an object")
                .isEqualTo("object_store");
        assertThat(body(wrapped(S3Exception.builder()
                        .statusCode(403)
                        .message("Access Denied")
                        .build())))
                .as("the store refusing PixTools' credentials, for one object or all")
                .isEqualTo("object_store");
    }

    @Test
    void aBugIsStillA500() {
        ErrorBody body = responder.toBody(wrapped(new DataIntegrityViolationException("constraint")));
        assertThat(body.status()).isEqualTo(500);
        assertThat(body.dependency()).isNull();
        assertThat(responder.toBody(new NullPointerException()).status()).isEqualTo(500);
        assertThat(responder
                        .toBody(wrapped(S3Exception.builder()
                                .statusCode(400)
                                .message("InvalidArgument")
                                .build()))
                        .status())
                .as("a request S3 finds malformed is PixTools' bug")
                .isEqualTo(500);
    }

    private String body(Throwable failure) {
        ErrorBody body = responder.toBody(failure);
        assertThat(body.status()).isEqualTo(503);
        assertThat(body.error()).isEqualTo("dependency_unavailable");
        assertThat(body.message()).contains("retry");
        return body.dependency();
    }

    private static Throwable wrapped(Throwable cause) {
        return new CamelExchangeException("Sequential processing failed", null, cause);
    }
}
