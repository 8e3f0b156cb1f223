package io.pixtools.app.webhook;

import io.pixtools.app.config.PixToolsProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which addresses a webhook may reach. By default only public unicast addresses: loopback, private (RFC 1918, IPv6
 * unique local), carrier-grade NAT, link-local (including the cloud metadata address 169.254.169.254), multicast
 * and unspecified addresses are refused. Hosts named in {@code pixtools.webhooks.allowed-hosts} are exempt.
 */
@Component
public class AddressPolicy {

    private final Set<String> allowedHosts;

    @Autowired
    public AddressPolicy(PixToolsProperties properties) {
        this(properties.webhooks().allowedHosts());
    }

    AddressPolicy(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream()
                .map(h -> normalize(h.strip())).filter(h -> !h.isEmpty()).collect(Collectors.toSet());
    }

    public boolean isAllowListed(String host) {
        return allowedHosts.contains(normalize(host));
    }

    /** Why this address may not be called, or null when it may. */
    public static String refusal(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "private";
            }
            if (first == 255 && (b[1] & b[2] & b[3] & 0xFF) == 0xFF) {
                return "broadcast";
            }
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) {
                return "private";
            }
            if (isIpv4Mapped(b)) {
                try {
                    return refusal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (java.net.UnknownHostException e) {
                    return "invalid";
                }
            }
        }
        return null;
    }

    /** The addresses that may be called, out of those a host resolves to. */
    public List<InetAddress> permitted(String host, InetAddress[] resolved) {
        if (isAllowListed(host)) {
            return List.of(resolved);
        }
        return java.util.Arrays.stream(resolved).filter(a -> refusal(a) == null).toList();
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
    }

    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
