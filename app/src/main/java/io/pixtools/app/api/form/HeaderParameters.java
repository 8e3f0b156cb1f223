package io.pixtools.app.api.form;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a header value with parameters ({@code form-data; name="file"; filename="a.jpg"},
 * {@code multipart/form-data; boundary=xyz}): the type before the first ';' and the parameters after it.
 */
final class HeaderParameters {

    private HeaderParameters() {}

    /** What comes before the first ';', trimmed. */
    static String type(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    /** The parameters after the type: names in lower case, values unquoted (backslash escapes resolved). */
    static Map<String, String> parameters(String header) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = header.indexOf(';');
        int n = header.length();
        while (i >= 0 && i < n) {
            int start = i + 1;
            int equals = header.indexOf('=', start);
            if (equals < 0) {
                break;
            }
            String name = header.substring(start, equals).trim().toLowerCase(Locale.ROOT);
            int j = equals + 1;
            while (j < n && header.charAt(j) == ' ') {
                j++;
            }
            StringBuilder value = new StringBuilder();
            if (j < n && header.charAt(j) == '"') {
                j++;
                while (j < n && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        c = header.charAt(++j);
                    }
                    value.append(c);
                    j++;
                }
                if (j >= n) {
                    throw new MalformedFormException("a header has an unterminated quoted value: " + name);
                }
                j++;
            } else {
                while (j < n && header.charAt(j) != ';') {
                    value.append(header.charAt(j++));
                }
            }
            parameters.putIfAbsent(name, value.toString().trim());
            i = header.indexOf(';', j);
        }
        return parameters;
    }

    /** An RFC 5987 value, {@code UTF-8''%e2%82%ac.jpg}: the charset, an optional language, percent-encoded bytes. */
    static String extendedValue(String value) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            throw new MalformedFormException("a part's filename* is not charset'language'value");
        }
        Charset charset;
        try {
            charset = Charset.forName(value.substring(0, first));
        } catch (IllegalArgumentException e) {
            charset = StandardCharsets.UTF_8;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = second + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new MalformedFormException("a part's filename* has a broken percent escape");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c & 0xff);
            }
        }
        return bytes.toString(charset);
    }
}
