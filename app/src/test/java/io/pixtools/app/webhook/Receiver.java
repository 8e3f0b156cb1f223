package io.pixtools.app.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on loopback that records what arrives and answers as told: one status for every request, or a
 * sequence of answers (status and Retry-After) before it; slowly if asked. It can listen on a chosen port, so that
 * a receiver can be "down" (not listening) and come back on the same URL.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Delivery(Instant at, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private record Answer(int status, String retryAfter) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;

    public Receiver() throws IOException {
        this(0);
    }

    public Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(Instant.now(), Map.copyOf(exchange.getRequestHeaders()), body));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Answer answer = scripted.poll();
            if (answer != null && answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer == null ? status : answer.status(), -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    public Receiver answering(int status) {
        this.status = status;
        return this;
    }

    /** The next request gets this answer (with this Retry-After, if not null); later ones the usual status. */
    public Receiver thenAnswer(int status, String retryAfter) {
        scripted.add(new Answer(status, retryAfter));
        return this;
    }

    public Receiver slow(Duration delay) {
        this.delay = delay;
        return this;
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    public List<Delivery> deliveriesOf(String jobId) {
        return deliveries.stream()
                .filter(d -> ("msg_" + jobId).equals(d.header("webhook-id")))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
