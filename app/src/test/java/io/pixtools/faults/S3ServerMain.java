package io.pixtools.faults;

import io.pixtools.app.storage.EmbeddedS3Server;
import java.nio.file.Path;

/** S3Proxy in a process of its own, so that the fault suite can stop it (SIGSTOP) and let it go on (SIGCONT). */
public final class S3ServerMain {

    private S3ServerMain() {}

    public static void main(String[] args) throws Exception {
        EmbeddedS3Server server =
                new EmbeddedS3Server(Path.of(args[0]), Integer.parseInt(args[1]), "test-access", "test-secret-key");
        server.start();
        System.out.println("S3 ready on " + server.endpoint());
        Thread.currentThread().join();
    }
}
