package io.pixtools.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pixtools.processors.InvalidOptionsException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server-side request forgery: which webhook addresses are refused, at intake and when connecting. */
class AddressPolicyTests {

    private static AddressPolicy policy(String... allowed) {
        return new AddressPolicy(List.of(allowed));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.1, loopback",
        "127.8.9.10, loopback",
        "::1, loopback",
        "10.0.0.1, private",
        "172.16.5.4, private",
        "192.168.1.1, private",
        "100.64.0.1, private",
        "fd00::1, private",
        "169.254.169.254, link-local",
        "fe80::1, link-local",
        "224.0.0.1, multicast",
        "ff02::1, multicast",
        "0.0.0.0, unspecified",
        "::, unspecified",
        "0.1.2.3, unspecified",
        "255.255.255.255, broadcast",
        "::ffff:127.0.0.1, loopback",
        "::ffff:10.1.2.3, private",
        "64:ff9b::a00:1, reserved (NAT64)",
        "64:ff9b::808:808, reserved (NAT64)",
        "64:ff9b:1::1, reserved (NAT64)",
        "::7f00:1, reserved (IPv4-compatible IPv6)",
        "::808:808, reserved (IPv4-compatible IPv6)",
        "::ffff:0:7f00:1, reserved (IPv4-translated IPv6)",
        "::ffff:0:a9fe:a9fe, reserved (IPv4-translated IPv6)",
        "198.18.0.1, reserved (benchmarking)",
        "198.19.255.255, reserved (benchmarking)",
        "240.0.0.1, reserved",
        "255.255.255.254, reserved",
        "192.0.2.1, reserved (documentation)",
        "198.51.100.7, reserved (documentation)",
        "203.0.113.9, reserved (documentation)",
        "192.0.0.8, reserved (IETF protocol assignments)",
        "192.88.99.1, reserved (6to4 relay)",
        "2001:db8::1, reserved (documentation)",
        "2001::1, 'reserved (IETF protocol assignments, Teredo)'",
        "2002:7f00:1::, reserved (6to4)",
        "100::1, reserved (discard)",
        "fec0::1, private",
        "3fff::1, reserved (documentation)",
    })
    void refusesNonPublicAddresses(String address, String why) throws UnknownHostException {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isEqualTo(why);
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource({
        "93.184.216.34",
        "8.8.8.8",
        "100.128.0.1",
        "172.32.0.1",
        "2606:4700:4700::1111",
        "198.20.0.1",
        "2001:4860:4860::8888",
        "223.255.255.255",
        "192.0.3.1"
    })
    void acceptsPublicAddresses(String address) throws UnknownHostException {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://127.0.0.1/hook, loopback", "http://10.0.0.1/hook, private",
                "http://169.254.169.254/latest/meta-data, link-local",
        "http://[::1]:8080/hook, loopback", "http://localhost:8080/hook, loopback", "http://LOCALHOST./hook, loopback",
    })
    void intakeRefusesUrlsThatReachInside(String url, String why) {
        WebhookUrlCheck check = new WebhookUrlCheck(HostResolver.system(), policy());
        InvalidOptionsException e = catchThrowableOfType(InvalidOptionsException.class, () -> check.check(url));
        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("webhook_url");
        assertThat(e.getMessage()).contains(why);
    }

    @Test
    void intakeRefusesHostsThatDoNotResolve() {
        WebhookUrlCheck check = new WebhookUrlCheck(
                host -> {
                    throw new UnknownHostException(host);
                },
                policy());
        assertThatThrownBy(() -> check.check("https://no-such-host.invalid/hook"))
                .hasMessageContaining("cannot be resolved");
    }

    @Test
    void allowListedHostsMayBeLocal() throws UnknownHostException {
        AddressPolicy policy = policy("localhost", "127.0.0.1");
        new WebhookUrlCheck(HostResolver.system(), policy).check("http://localhost:9/hook");
        new WebhookUrlCheck(HostResolver.system(), policy).check("http://127.0.0.1:9/hook");
        assertThat(new GuardedDnsResolver(HostResolver.system(), policy).resolve("localhost"))
                .isNotEmpty();
    }

    /** The resolver the HTTP client connects with drops refused addresses and fails when none is left. */
    @Test
    void connectionResolverBlocksRefusedAddresses() throws UnknownHostException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress publicAddress = InetAddress.getByName("93.184.216.34");
        GuardedDnsResolver mixed =
                new GuardedDnsResolver(host -> new InetAddress[] {loopback, publicAddress}, policy());
        assertThat(mixed.resolve("example.test")).containsExactly(publicAddress);

        GuardedDnsResolver rebound = new GuardedDnsResolver(host -> new InetAddress[] {loopback}, policy());
        assertThatThrownBy(() -> rebound.resolve("example.test"))
                .isInstanceOf(GuardedDnsResolver.BlockedAddressException.class)
                .hasMessageContaining("loopback");
    }
}
