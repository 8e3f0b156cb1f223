package io.pixtools.processors.image;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixtools.processors.ImageTooLargeException;
import io.pixtools.processors.options.JobRequest;
import io.pixtools.processors.options.JobRequestParser;
import io.pixtools.processors.options.OperationParamsParser;
import org.junit.jupiter.api.Test;

/**
 * What an upload's header already tells about its outputs: JPEG and WebP cannot hold a side longer than 65,500 and
 * 16,383 pixels, so such a job is refused at intake, naming the resize that would fix it, instead of failing later
 * as a "damaged image".
 */
class OutputLimitsTests {

    private final JobRequestParser parser = new JobRequestParser(new OperationParamsParser(100_000), 4);
    private final OutputLimits limits = new OutputLimits(100_000_000L, 100_000);

    private JobRequest request(String operations, String params) {
        return parser.parse(operations, params, null);
    }

    @Test
    void aSideLongerThanTheFormatHoldsIsRefusedNamingTheResize() {
        ImageInfo tall = new ImageInfo(ImageFormat.PNG, 1, 100_000, 1000);
        assertThatThrownBy(() -> limits.check(tall, request("[\"jpg\"]", null)))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("operation_params.jpg.resize")
                .hasMessageContaining("jpg holds at most 65500 pixels on a side");
        assertThatThrownBy(() -> limits.check(
                        new ImageInfo(ImageFormat.PNG, 20_000, 10, 1000), request("[\"png\",\"webp\"]", null)))
                .hasMessageContaining("operation_params.webp.resize")
                .hasMessageContaining("16383");
        assertThatThrownBy(() -> limits.check(
                        new ImageInfo(ImageFormat.PNG, 20_000, 10, 1000),
                        request("[\"denoise\"]", "{\"denoise\":{\"format\":\"webp\"}}")))
                .hasMessageContaining("operation_params.denoise.resize");
    }

    @Test
    void aResizeThatFitsOrAnotherFormatIsAccepted() {
        ImageInfo tall = new ImageInfo(ImageFormat.PNG, 1, 100_000, 1000);
        assertThatCode(() -> limits.check(tall, request("[\"png\",\"avif\"]", null)))
                .doesNotThrowAnyException();
        assertThatCode(() -> limits.check(
                        tall, request("[\"jpg\"]", "{\"jpg\":{\"resize\":{\"width\":60000,\"height\":60000}}}")))
                .doesNotThrowAnyException();
    }
}
