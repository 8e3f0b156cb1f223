package io.pixtools.app.ml;

import io.pixtools.ml.DenoiseModel;
import io.pixtools.ml.ModelContract;
import io.pixtools.ml.ModelVariant;
import java.util.Optional;

/**
 * The denoise model's ONNX Runtime session, created on the first denoise task rather than at start-up: the runtime and
 * its session are about 20 MB of resident memory and 0.4 s of start-up that a process which never denoises does not
 * need. The bytes are checked against the contract at start-up either way ({@link DenoiseModel#verify}), so a wrong
 * or damaged model still stops the start; with {@code pixtools.denoise.load-on-start} (the distributed profile's
 * ml workers) the session is created and proven at start-up too.
 */
final class DenoiseModelOnDemand implements AutoCloseable {

    private final ModelContract contract;
    private final ModelVariant.Selected variant;
    private final int threads;
    private byte[] onnx;
    private volatile DenoiseModel model;

    DenoiseModelOnDemand(
            byte[] onnx, ModelContract contract, ModelVariant.Selected variant, int threads, boolean loadOnStart) {
        DenoiseModel.verify(onnx, contract);
        this.onnx = onnx;
        this.contract = contract;
        this.variant = variant;
        this.threads = threads;
        if (loadOnStart) {
            model();
        }
    }

    ModelContract contract() {
        return contract;
    }

    /** Which build of the model this is (INT8 or FP32) and why. */
    ModelVariant.Selected variant() {
        return variant;
    }

    /** The loaded model, loading it now if this is the first call. */
    DenoiseModel model() {
        DenoiseModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                loaded = model;
                if (loaded == null) {
                    loaded = DenoiseModel.load(onnx, contract, threads);
                    model = loaded;
                    onnx = null;
                }
            }
        }
        return loaded;
    }

    /** The model if a task (or the start-up) has loaded it; empty otherwise, without loading it. */
    Optional<DenoiseModel> loaded() {
        return Optional.ofNullable(model);
    }

    @Override
    public synchronized void close() throws Exception {
        if (model != null) {
            model.close();
        }
    }
}
