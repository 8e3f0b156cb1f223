package io.pixtools.app.intake;

import io.pixtools.app.storage.ObjectKeys;
import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.image.ImageInfo;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A failed intake leaves nothing behind: its original is deleted, then its job row (still ACCEPTING, or PENDING when
 * the queue refused it). This runs in the background, so that the client's 503 does not wait for a dependency that is
 * down; what cannot be removed now stays ACCEPTING, invisible to clients, and the recovery sweep removes it with its
 * objects once it is older than {@code pixtools.jobs.abandoned-intake-after}.
 */
@Component("intakeRollback")
public class IntakeRollback implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeRollback.class);

    private final ProducerTemplate producer;

    public IntakeRollback(ProducerTemplate producer) {
        this.producer = producer;
    }

    @Override
    public void process(Exchange exchange) {
        String jobId = exchange.getProperty(PixHeaders.INTAKE_JOB, String.class);
        if (jobId == null) {
            return;
        }
        exchange.removeProperty(PixHeaders.INTAKE_JOB);
        ImageInfo info = exchange.getProperty(PixHeaders.IMAGE_INFO, ImageInfo.class);
        producer.asyncRequestBodyAndHeaders(
                        "direct:intake-rollback",
                        null,
                        Map.of(
                                PixHeaders.JOB_ID,
                                jobId,
                                AWS2S3Constants.KEY,
                                ObjectKeys.original(jobId, info.format().extension())))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.warn(
                                "Intake of job {} failed and could not be undone now ({}); the recovery sweep will remove it",
                                jobId,
                                failure.toString());
                    }
                });
    }
}
