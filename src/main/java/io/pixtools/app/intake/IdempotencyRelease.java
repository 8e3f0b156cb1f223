package io.pixtools.app.intake;

import io.pixtools.processors.PixHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.stereotype.Component;

/**
 * Frees an Idempotency-Key that this request reserved when the request fails, so that the client can retry with
 * it. (Errors are handled, so the idempotent consumer itself sees a success and would keep the key.)
 */
@Component("idempotencyRelease")
public class IdempotencyRelease implements Processor {

    private final IdempotentRepository intakeKeys;

    public IdempotencyRelease(IdempotentRepository intakeKeys) {
        this.intakeKeys = intakeKeys;
    }

    @Override
    public void process(Exchange exchange) {
        String key = exchange.getIn().getHeader(PixHeaders.IDEMPOTENCY_KEY, String.class);
        if (key != null && exchange.getProperty(PixHeaders.KEY_RESERVED, false, Boolean.class)) {
            intakeKeys.remove(key);
            exchange.removeProperty(PixHeaders.KEY_RESERVED);
        }
    }
}
