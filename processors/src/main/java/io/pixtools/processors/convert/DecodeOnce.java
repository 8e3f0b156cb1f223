package io.pixtools.processors.convert;

import io.pixtools.processors.PixHeaders;
import io.pixtools.processors.options.ConvertOptions;
import io.pixtools.processors.task.OperationTask;
import io.pixtools.processors.vips.Vips.FailOn;
import io.pixtools.processors.vips.VipsImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * Worker step before a message's operations: when two or more of its conversions start from the original as it is
 * (no resize, the same {@code fail_on}), the original is decoded once into memory ({@link PixHeaders#DECODED_SOURCE})
 * and each of them only encodes. Decoding a small photo's JPEG is about a sixteenth of a jpg+webp job's CPU. Images
 * above {@link #MAX_BYTES} decoded are still streamed by each conversion, which holds far less memory. A source that
 * fails to decode is left to each conversion, which fails with its own message as without this step.
 */
public final class DecodeOnce implements Processor {

    /** 16 MB of samples: a 5 MP RGB photo. */
    public static final long MAX_BYTES = 16L << 20;

    private final ConvertOperation operation;
    private final long maxBytes;

    public DecodeOnce(ConvertOperation operation, long maxBytes) {
        this.operation = operation;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        List<?> tasks = exchange.getProperty(PixHeaders.MESSAGE_TASKS, List.class);
        List<ConvertOptions> unresized = tasks == null
                ? List.of()
                : tasks.stream()
                        .map(task -> ((OperationTask) task).options())
                        .filter(ConvertOptions.class::isInstance)
                        .map(ConvertOptions.class::cast)
                        .filter(options -> options.resize() == null)
                        .toList();
        if (unresized.size() < 2
                || unresized.stream().map(ConvertOptions::failOn).distinct().count() > 1) {
            return;
        }
        Path source = exchange.getProperty(PixHeaders.SOURCE_FILE, Path.class);
        FailOn failOn = unresized.getFirst().failOn();
        Optional<VipsImage> decoded;
        try {
            decoded = operation.decode(source, failOn, maxBytes);
        } catch (RuntimeException e) {
            return;
        }
        decoded.ifPresent(image -> {
            exchange.setProperty(PixHeaders.DECODED_SOURCE, image);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    image.close();
                }
            });
        });
    }

    /** The decoded original for these options, if this message has one: any unresized conversion of it may use it. */
    static Optional<VipsImage> of(Exchange exchange, ConvertOptions options) {
        if (options.resize() != null) {
            return Optional.empty();
        }
        return Optional.ofNullable(exchange.getProperty(PixHeaders.DECODED_SOURCE, VipsImage.class));
    }
}
