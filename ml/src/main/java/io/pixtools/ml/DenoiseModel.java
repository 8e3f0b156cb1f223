package io.pixtools.ml;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The DnCNN on ONNX Runtime: one session per process, checked against its contract when loaded and proven by one
 * small inference, so that a worker never takes jobs with a model that cannot run.
 */
public final class DenoiseModel implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelContract contract;

    private DenoiseModel(OrtEnvironment environment, OrtSession session, ModelContract contract) {
        this.environment = environment;
        this.session = session;
        this.contract = contract;
    }

    /**
     * The checks that need no ONNX Runtime: the bytes are the model the contract describes, and the contract is one
     * this code can tile with. Cheap enough for start-up even where the session is created later.
     */
    public static void verify(byte[] onnx, ModelContract contract) {
        String digest = sha256(onnx);
        if (!digest.equals(contract.sha256())) {
            throw new ModelUnavailableException(
                    "denoise model does not match its contract (sha256 " + digest + ", expected " + contract.sha256()
                            + ")",
                    null);
        }
        if (!contract.input().isPlanarFloatRgb() || !contract.output().isPlanarFloatRgb()) {
            throw new ModelUnavailableException("denoise model contract is not NCHW float32 RGB: " + contract, null);
        }
        if (!contract.hasPlausibleReceptiveField()) {
            throw new ModelUnavailableException(
                    "denoise model contract gives no receptive field of at least 2 x depth + 1 px "
                            + "(3x3 convolutions), so tiles would have seams: " + contract.architecture(),
                    null);
        }
    }

    public static DenoiseModel load(byte[] onnx, ModelContract contract, int threads) {
        verify(onnx, contract);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(onnx, options);
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (!inputs.containsKey(contract.input().name())
                    || !outputs.containsKey(contract.output().name())) {
                throw new ModelUnavailableException(
                        "denoise model has inputs " + inputs.keySet() + " and outputs " + outputs.keySet() + ", not "
                                + contract.input().name() + " and "
                                + contract.output().name(),
                        null);
            }
            DenoiseModel model = new DenoiseModel(environment, session, contract);
            model.probe();
            return model;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof ModelUnavailableException unavailable
                    ? unavailable
                    : new ModelUnavailableException("denoise model cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }

    public ModelContract contract() {
        return contract;
    }

    /** Direct (native) buffers for tiles of up to {@code values} floats: the model reads and writes them in place. */
    public static FloatBuffer buffer(int values) {
        return ByteBuffer.allocateDirect(values * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /**
     * Runs the model on one planar RGB tile with values in [0, 1], writing the denoised tile in the same layout into
     * {@code output}. Both are direct buffers from {@link #buffer}; nothing is copied through the Java heap.
     */
    public void run(FloatBuffer input, FloatBuffer output, int height, int width) {
        long[] shape = {1, 3, height, width};
        int values = 3 * height * width;
        try (OnnxTensor in = OnnxTensor.createTensor(environment, window(input, values), shape);
                OnnxTensor out = OnnxTensor.createTensor(environment, window(output, values), shape);
                OrtSession.Result ignored = session.run(
                        Map.of(contract.input().name(), in),
                        Map.of(contract.output().name(), out))) {
            // the model wrote into output's memory
        } catch (OrtException e) {
            // Not transient: the same tile would fail again, so the task is not retried.
            throw new ModelUnavailableException(
                    "denoise model failed on a " + width + "x" + height + " tile: " + e.getMessage(), e);
        }
    }

    /** The first {@code values} floats of a buffer, as a view: the buffer's own position and limit stay as they are. */
    private static FloatBuffer window(FloatBuffer buffer, int values) {
        return buffer.duplicate().position(0).limit(values).slice();
    }

    /** One 16x16 grey tile must come back finite and in range. */
    private void probe() {
        FloatBuffer in = buffer(3 * 16 * 16);
        FloatBuffer out = buffer(3 * 16 * 16);
        for (int i = 0; i < 3 * 16 * 16; i++) {
            in.put(i, 0.5f);
        }
        run(in, out, 16, 16);
        for (int i = 0; i < 3 * 16 * 16; i++) {
            float v = out.get(i);
            if (!Float.isFinite(v) || v < -1 || v > 2) {
                throw new ModelUnavailableException("denoise model returned " + v + " for a grey tile", null);
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
