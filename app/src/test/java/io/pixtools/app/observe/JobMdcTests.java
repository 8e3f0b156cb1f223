package io.pixtools.app.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixtools.processors.PixHeaders;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JobMdcTests {

    @Test
    void everyStepOfAJobLogsWithItsJobIdAndOperation() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        Map<String, String> seen = new HashMap<>();
        Processor step = exchange -> {
            seen.put(JobMdc.JOB_ID, MDC.get(JobMdc.JOB_ID));
            seen.put(JobMdc.OPERATION, MDC.get(JobMdc.OPERATION));
        };
        AsyncProcessor wrapped = (AsyncProcessor) new JobMdc().wrapProcessorInInterceptors(camel, null, step, null);
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(PixHeaders.JOB_ID, "job-42");
        exchange.getMessage().setHeader(PixHeaders.OPERATION, "webp");

        wrapped.process(exchange);

        assertThat(seen).containsEntry(JobMdc.JOB_ID, "job-42").containsEntry(JobMdc.OPERATION, "webp");
        assertThat(MDC.get(JobMdc.JOB_ID))
                .as("nothing leaks to the thread's next work")
                .isNull();
        assertThat(MDC.get(JobMdc.OPERATION)).isNull();
    }
}
