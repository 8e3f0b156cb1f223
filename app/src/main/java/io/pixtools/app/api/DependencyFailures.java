package io.pixtools.app.api;

import io.pixtools.app.storage.ObjectStoreUnavailableException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Tells an outage of a dependency from a bug, by the exceptions its client throws: a refused or timed-out
 * connection, a pool that cannot hand out a connection, a broker that does not confirm, a bucket that is not there or
 * that refuses PixTools' credentials. An outage is a 503 naming the dependency; anything else stays a 500. (A missing
 * object is neither: see ObjectGone.)
 */
public final class DependencyFailures {

    private DependencyFailures() {}

    public static Optional<DependencyUnavailableException> classify(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && chain.size() < 32; t = t.getCause()) {
            chain.add(t);
        }
        // The client libraries first, anywhere in the chain: Spring wraps a Redis timeout in a generic
        // QueryTimeoutException that would otherwise look like the database's.
        for (Throwable t : chain) {
            String type = t.getClass().getName();
            if (t instanceof DependencyUnavailableException known) {
                return Optional.of(known);
            }
            if (t instanceof ObjectStoreUnavailableException
                    || t instanceof SdkClientException
                    || t instanceof NoSuchBucketException
                    || isS3Outage(t)) {
                return Optional.of(new DependencyUnavailableException(
                        "object_store", "the object store is unavailable; retry in a few seconds", failure));
            }
            if (type.startsWith("org.springframework.data.redis.") || type.startsWith("io.lettuce.")) {
                return Optional.of(new DependencyUnavailableException(
                        "idempotency_store",
                        "the idempotency store (Redis) is unavailable; retry in a few seconds",
                        failure));
            }
            if (type.startsWith("org.springframework.amqp.") || type.startsWith("com.rabbitmq.")) {
                return Optional.of(new DependencyUnavailableException(
                        "queue", "the job queue (RabbitMQ) is unavailable; retry in a few seconds", failure));
            }
            if (t instanceof IllegalStateException && "Queue full".equals(t.getMessage())) {
                return Optional.of(new DependencyUnavailableException(
                        "queue", "the job queue is full; retry in a few seconds", failure));
            }
        }
        for (Throwable t : chain) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof QueryTimeoutException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || isConnectionSqlState(t)) {
                return Optional.of(new DependencyUnavailableException(
                        "database", "the database is unavailable; retry in a few seconds", failure));
            }
        }
        return Optional.empty();
    }

    /** S3's own failures, and a refusal of PixTools' credentials (403: a rotated key, a changed bucket policy). */
    private static boolean isS3Outage(Throwable t) {
        return t instanceof software.amazon.awssdk.services.s3.model.S3Exception s3
                && (s3.statusCode() >= 500 || s3.statusCode() == 403);
    }

    /** SQLSTATE class 08 (connection exception) and 57P0x (the server is shutting down or starting). */
    private static boolean isConnectionSqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("57P");
        }
        return false;
    }
}
