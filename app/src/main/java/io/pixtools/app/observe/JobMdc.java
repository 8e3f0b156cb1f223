package io.pixtools.app.observe;

import io.pixtools.processors.PixHeaders;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Puts {@code job_id} and {@code operation} into the logging context around every step of a route, so that every
 * log line of a job carries them (in the JSON logs of the distributed profile they become fields).
 */
@Component
public class JobMdc implements InterceptStrategy {

    public static final String JOB_ID = "job_id";
    public static final String OPERATION = "operation";

    @Override
    public Processor wrapProcessorInInterceptors(
            CamelContext context, NamedNode definition, Processor target, Processor next) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                put(JOB_ID, exchange.getMessage().getHeader(PixHeaders.JOB_ID, String.class));
                put(OPERATION, exchange.getMessage().getHeader(PixHeaders.OPERATION, String.class));
                try {
                    return super.process(exchange, callback);
                } finally {
                    MDC.remove(JOB_ID);
                    MDC.remove(OPERATION);
                }
            }
        };
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
