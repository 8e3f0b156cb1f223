package io.pixtools.app.intake;

import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Dispatch failed after the job row was written: the job is marked FAILED so that nobody waits for it. */
@Component("notQueued")
public class NotQueued implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(NotQueued.class);

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("Job {} could not be queued", exchange.getIn().getHeader(PixHeaders.JOB_ID), cause);
        exchange.getIn().setHeader(PixHeaders.ERROR_MESSAGE, "the job could not be queued (service busy); submit it again");
    }
}
