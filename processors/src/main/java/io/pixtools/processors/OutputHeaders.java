package io.pixtools.processors;

import org.apache.camel.Message;

/** Describes an operation's output file in headers, for the object store and the job record. */
public final class OutputHeaders {

    private OutputHeaders() {}

    public static void set(
            Message message, String contentType, String extension, long bytes, Integer width, Integer height) {
        message.setHeader(PixHeaders.OUTPUT_CONTENT_TYPE, contentType);
        message.setHeader(PixHeaders.OUTPUT_EXTENSION, extension);
        message.setHeader(PixHeaders.OUTPUT_BYTES, bytes);
        message.setHeader(PixHeaders.OUTPUT_WIDTH, width);
        message.setHeader(PixHeaders.OUTPUT_HEIGHT, height);
    }
}
