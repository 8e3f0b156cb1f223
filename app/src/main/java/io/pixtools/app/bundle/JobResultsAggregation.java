package io.pixtools.app.bundle;

import io.pixtools.processors.PixHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Collects the outcome of each operation of a job, keyed by operation so that a redelivered result counts once.
 * The group is complete when every operation of the job has reported. The aggregated body is a plain map, which
 * the JDBC aggregation repository can serialize.
 */
@Component("jobResults")
public class JobResultsAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange answer = oldExchange == null ? newExchange : oldExchange;
        LinkedHashMap<String, String> results = new LinkedHashMap<>();
        if (oldExchange != null) {
            results.putAll(oldExchange.getIn().getBody(Map.class));
        }
        results.put(
                newExchange.getIn().getHeader(PixHeaders.OPERATION, String.class),
                newExchange.getIn().getHeader(PixHeaders.OPERATION_STATUS, String.class));
        answer.getIn().setBody(results);
        return answer;
    }

    public boolean isComplete(Exchange aggregated) {
        Integer expected = aggregated.getIn().getHeader(PixHeaders.OPERATION_COUNT, Integer.class);
        Map<?, ?> results = aggregated.getIn().getBody(Map.class);
        return expected != null && results != null && results.size() >= expected;
    }
}
