package io.pixtools.ml;

import io.pixtools.processors.PixToolsException;

/** The denoising model is missing, altered, or does not match its contract: 503 until a good one is deployed. */
public class ModelUnavailableException extends PixToolsException {

    public ModelUnavailableException(String message, Throwable cause) {
        super(503, "model_unavailable", null, message, cause);
    }
}
