package io.pixtools.processors.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pixtools.processors.InvalidOptionsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRequestParserTests {

    private final JobRequestParser parser = new JobRequestParser(new OperationParamsParser(16384), 4);

    @Test
    void keepsOperationsInTheOrderGiven() {
        JobRequest request = parser.parse("[\"webp\", \"METADATA\", \"jpg\"]", "{\"webp\": {\"quality\": 70}}", null);
        assertThat(request.operations()).containsExactly(Operation.WEBP, Operation.METADATA, Operation.JPG);
        assertThat(((ConvertOptions) request.options().get(Operation.WEBP)).quality())
                .isEqualTo(70);
        assertThat(((ConvertOptions) request.options().get(Operation.JPG)).quality())
                .isEqualTo(85);
        assertThat(request.webhookUrl()).isNull();
    }

    @Test
    void canonicalFormIgnoresHowDefaultsWereWritten() {
        JobRequest implicit = parser.parse("[\"jpg\"]", null, null);
        JobRequest explicit = parser.parse("[\"jpg\"]", "{\"jpg\": {\"quality\": 85, \"strip\": true}}", null);
        JobRequest different = parser.parse("[\"jpg\"]", "{\"jpg\": {\"quality\": 84}}", null);
        assertThat(explicit.canonical()).isEqualTo(implicit.canonical());
        assertThat(different.canonical()).isNotEqualTo(implicit.canonical());
    }

    @ParameterizedTest(name = "operations={0} params={1} webhook={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
        null                                  | null                  | null                         | operations         | required
        '  '                                  | null                  | null                         | operations         | required
        jpg,webp                              | null                  | null                         | operations         | not valid JSON
        {"ops": 1}                            | null                  | null                         | operations         | must be a JSON array
        []                                    | null                  | null                         | operations         | give at least one operation
        ["jpg","png","webp","avif","metadata"] | null                 | null                         | operations         | at most 4 operations per job (got 5)
        ["jpg", 3]                            | null                  | null                         | operations[1]      | must be a string
        ["jpg", "bmp"]                        | null                  | null                         | operations[1]      | unknown operation 'bmp'; available: jpg, png, webp, avif, metadata
        ["jpg", "JPG"]                        | null                  | null                         | operations[1]      | 'jpg' is listed twice
        ["jpg"]                               | {not json             | null                         | operation_params   | not valid JSON
        ["jpg"]                               | [1]                   | null                         | operation_params   | must be a JSON object
        ["jpg"]                               | {"png": {}}           | null                         | operation_params.png | 'png' is not one of the requested operations
        ["jpg"]                               | {"jpg": {"quality": 0}} | null                       | operation_params.jpg.quality | must be from 1 to 100
        ["jpg"]                               | null                  | ftp://example.com/hook       | webhook_url        | http or https
        ["jpg"]                               | null                  | file:///etc/passwd           | webhook_url        | http or https
        ["jpg"]                               | null                  | https://user:pw@example.com/ | webhook_url        | must not contain credentials
        ["jpg"]                               | null                  | https:///nohost              | webhook_url        | must name a host
        ["jpg"]                               | null                  | http://8.8.8.8:65536/        | webhook_url        | port 65536 is not between 1 and 65535
        ["jpg"]                               | null                  | https://8.8.8.8:0/           | webhook_url        | port 0 is not between 1 and 65535
        ["jpg"]                               | null                  | not a url                    | webhook_url        | not a valid URL
        """)
    void refusesBadRequestsNamingTheField(
            String operations, String params, String webhook, String field, String message) {
        InvalidOptionsException e =
                catchThrowableOfType(InvalidOptionsException.class, () -> parser.parse(operations, params, webhook));
        assertThat(e).as("expected a refusal").isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void refusesOverlongWebhookUrl() {
        String url = "https://example.com/" + "a".repeat(JobRequestParser.MAX_WEBHOOK_URL_LENGTH);
        assertThat(catchThrowableOfType(InvalidOptionsException.class, () -> parser.parse("[\"jpg\"]", null, url)))
                .hasMessageContaining("longer than 2048");
    }

    @Test
    void acceptsHttpsWebhook() {
        assertThat(parser.parse("[\"jpg\"]", null, " https://hooks.example.com/pixtools?x=1 ")
                        .webhookUrl())
                .isEqualTo("https://hooks.example.com/pixtools?x=1");
    }
}
