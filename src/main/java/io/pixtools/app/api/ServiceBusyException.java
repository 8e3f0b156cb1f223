package io.pixtools.app.api;

/** The job could not be queued (queue full, broker unreachable): 503, and the client should retry later. */
public class ServiceBusyException extends ApiException {

    public ServiceBusyException(String message) {
        super(503, "service_busy", null, message);
    }
}
