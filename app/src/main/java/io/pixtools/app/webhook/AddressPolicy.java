package io.pixtools.app.webhook;

import io.pixtools.app.settings.PixToolsProperties;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which addresses a webhook may reach. By default only globally reachable unicast addresses: loopback, private
 * (RFC 1918, IPv6 unique local), carrier-grade NAT, link-local (including the cloud metadata address
 * 169.254.169.254), multicast, unspecified, every other special-purpose range of the IANA registries (documentation,
 * benchmarking, reserved 240/4), and IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * refused. Hosts named in {@code pixtools.webhooks.allowed-hosts} are exempt.
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
                .map(h -> normalize(h.strip()))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toSet());
    }

    public boolean isAllowListed(String host) {
        return allowedHosts.contains(normalize(host));
    }

    /**
     * Every range of the IANA IPv4 and IPv6 special-purpose address registries that is not globally reachable, and a
     * few that embed an IPv4 address a webhook could use to reach one that is not (NAT64, 6to4, IPv4-compatible).
     */
    private static final List<Range> REFUSED = List.of(
            Range.of("0.0.0.0/8", "unspecified"),
            Range.of("10.0.0.0/8", "private"),
            Range.of("100.64.0.0/10", "private"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local"),
            Range.of("172.16.0.0/12", "private"),
            Range.of("192.0.0.0/24", "reserved (IETF protocol assignments)"),
            Range.of("192.0.2.0/24", "reserved (documentation)"),
            Range.of("192.88.99.0/24", "reserved (6to4 relay)"),
            Range.of("192.168.0.0/16", "private"),
            Range.of("198.18.0.0/15", "reserved (benchmarking)"),
            Range.of("198.51.100.0/24", "reserved (documentation)"),
            Range.of("203.0.113.0/24", "reserved (documentation)"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved"),
            Range.of("::/96", "reserved (IPv4-compatible IPv6)"),
            Range.of("::ffff:0:0:0/96", "reserved (IPv4-translated IPv6)"),
            Range.of("64:ff9b::/96", "reserved (NAT64)"),
            Range.of("64:ff9b:1::/48", "reserved (NAT64)"),
            Range.of("100::/64", "reserved (discard)"),
            Range.of("2001::/23", "reserved (IETF protocol assignments, Teredo)"),
            Range.of("2001:db8::/32", "reserved (documentation)"),
            Range.of("2002::/16", "reserved (6to4)"),
            Range.of("3fff::/20", "reserved (documentation)"),
            Range.of("5f00::/16", "reserved (segment routing)"),
            Range.of("fc00::/7", "private"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "private"),
            Range.of("ff00::/8", "multicast"));

    /** Why this address may not be called, or null when it may. */
    public static String refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(b)) {
            try {
                return refusal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            } catch (java.net.UnknownHostException e) {
                return "invalid";
            }
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address instanceof Inet4Address && (b[0] & b[1] & b[2] & b[3] & 0xFF) == 0xFF) {
            return "broadcast";
        }
        for (Range range : REFUSED) {
            if (range.contains(b)) {
                return range.reason();
            }
        }
        return null;
    }

    /** A network and prefix length, IPv4 or IPv6. */
    private record Range(byte[] network, int prefix, String reason) {

        static Range of(String cidr, String reason) {
            String[] parts = cidr.split("/");
            try {
                return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), reason);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
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
