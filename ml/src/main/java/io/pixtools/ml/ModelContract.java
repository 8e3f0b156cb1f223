package io.pixtools.ml;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the exported model promises (ml/model/dncnn.json, written by ml/training/train_dncnn.py): tensor names,
 * layout, type and colour order, the receptive field that tiles must overlap by, and the sha256 of the .onnx file.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelContract(String sha256, Tensor input, Tensor output, Architecture architecture) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tensor(
            String name,
            String dtype,
            String layout,
            @JsonProperty("color_order") String colorOrder) {

        boolean isPlanarFloatRgb() {
            return "NCHW".equals(layout) && "float32".equals(dtype) && "RGB".equals(colorOrder);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Architecture(
            int depth,
            int width,
            @JsonProperty("receptive_field_px") int receptiveField) {}

    /** Each 3x3 convolution widens the field by 2 px, so a field narrower than that means a wrong contract. */
    boolean hasPlausibleReceptiveField() {
        return architecture != null
                && architecture.depth() > 0
                && architecture.receptiveField() >= 2 * architecture.depth() + 1;
    }

    /** Pixels of context a tile needs on each side so that its inner part matches a whole-image pass. */
    public int margin() {
        return architecture.receptiveField() / 2 + 1;
    }
}
