package io.pixtools.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A TCP port nothing listens on right now, for a process a test starts. */
public final class FreePorts {

    private FreePorts() {}

    public static int any() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
