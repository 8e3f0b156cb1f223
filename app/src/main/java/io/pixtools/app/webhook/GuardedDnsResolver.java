package io.pixtools.app.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's resolver for webhooks: it hands the client only addresses the policy permits, so the check
 * applies to the address actually connected to, whatever the host resolved to when the job was submitted
 * (DNS rebinding).
 */
public final class GuardedDnsResolver implements DnsResolver {

    private final HostResolver resolver;
    private final AddressPolicy policy;

    public GuardedDnsResolver(HostResolver resolver, AddressPolicy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = resolver.resolve(AddressPolicy.normalize(host));
        List<InetAddress> permitted = policy.permitted(host, all);
        if (permitted.isEmpty()) {
            throw new BlockedAddressException(host, all[0]);
        }
        return permitted.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolve(host)[0].getCanonicalHostName();
    }

    /** The webhook host resolved only to addresses that may not be called. */
    public static final class BlockedAddressException extends UnknownHostException {

        public BlockedAddressException(String host, InetAddress address) {
            super("webhook host " + host + " resolves to a " + AddressPolicy.refusal(address) + " address ("
                    + address.getHostAddress() + "), which is not allowed");
        }
    }
}
