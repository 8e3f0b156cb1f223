package io.pixtools.app.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution for webhook hosts; a bean so that tests can play a DNS server that changes its answers. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
