package io.pixtools.app.deploy;

import static io.pixtools.app.deploy.RenderedManifests.all;
import static io.pixtools.app.deploy.RenderedManifests.deployed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered NetworkPolicies, evaluated as Kubernetes does (a pod selected by a policy of a direction is isolated
 * in that direction; a connection passes when any rule of any selecting policy allows it): which connections a pod
 * may open and accept. Workers must reach their dependencies and nothing else; no pod reaches the instance metadata
 * service.
 */
class NetworkPoliciesTests {

    private static final String METADATA_SERVICE = "169.254.169.254";
    private static final String PUBLIC = "93.184.216.34";
    private static final String RDS = "10.40.11.23";

    /** One end of a connection: a pod (labels, namespace) or an address outside the cluster. */
    record Endpoint(Map<String, String> labels, String namespace, String ip) {

        static Endpoint pod(Map<String, String> labels, String namespace) {
            return new Endpoint(labels, namespace, null);
        }

        static Endpoint address(String ip) {
            return new Endpoint(Map.of(), null, ip);
        }
    }

    /** The pods and policies of one rendered overlay. */
    record Cluster(Map<String, Map<String, String>> pods, List<NetworkPolicy> policies) {

        static Cluster of(String overlay) throws Exception {
            var manifests = deployed(overlay);
            Map<String, Map<String, String>> pods = new HashMap<>();
            all(manifests, "Deployment", Deployment.class)
                    .forEach(d -> pods.put(
                            d.getMetadata().getName(),
                            d.getSpec().getTemplate().getMetadata().getLabels()));
            all(manifests, "StatefulSet", StatefulSet.class)
                    .forEach(s -> pods.put(
                            s.getMetadata().getName(),
                            s.getSpec().getTemplate().getMetadata().getLabels()));
            return new Cluster(pods, all(manifests, "NetworkPolicy", NetworkPolicy.class));
        }

        Endpoint pod(String name) {
            assertThat(pods).containsKey(name);
            return Endpoint.pod(pods.get(name), "pixtools");
        }

        boolean connects(Endpoint from, Endpoint to, int port, String protocol) {
            boolean out = from.namespace() == null
                    || !"pixtools".equals(from.namespace())
                    || allowed(from, to, port, protocol, "Egress");
            boolean in = to.namespace() == null
                    || !"pixtools".equals(to.namespace())
                    || allowed(to, from, port, protocol, "Ingress");
            return out && in;
        }

        boolean connects(Endpoint from, Endpoint to, int port) {
            return connects(from, to, port, "TCP");
        }

        /** Whether the policies selecting {@code subject} for {@code direction} let it talk to {@code peer}. */
        private boolean allowed(Endpoint subject, Endpoint peer, int port, String protocol, String direction) {
            List<NetworkPolicy> selecting = policies.stream()
                    .filter(p -> p.getSpec().getPolicyTypes().contains(direction))
                    .filter(p -> matches(p.getSpec().getPodSelector(), subject.labels()))
                    .toList();
            if (selecting.isEmpty()) {
                return true;
            }
            for (NetworkPolicy policy : selecting) {
                if (direction.equals("Egress")) {
                    for (var rule : Objects.requireNonNullElse(
                            policy.getSpec().getEgress(),
                            List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule>of())) {
                        if (portMatches(rule.getPorts(), port, protocol) && peerMatches(rule.getTo(), peer)) {
                            return true;
                        }
                    }
                } else {
                    for (var rule : Objects.requireNonNullElse(
                            policy.getSpec().getIngress(),
                            List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of())) {
                        if (portMatches(rule.getPorts(), port, protocol) && peerMatches(rule.getFrom(), peer)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private static boolean portMatches(List<NetworkPolicyPort> ports, int port, String protocol) {
            if (ports == null || ports.isEmpty()) {
                return true;
            }
            return ports.stream()
                    .anyMatch(p ->
                            Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(protocol)
                                    && (p.getPort() == null
                                            || Objects.equals(p.getPort().getIntVal(), port)));
        }

        private static boolean peerMatches(List<NetworkPolicyPeer> peers, Endpoint peer) {
            if (peers == null || peers.isEmpty()) {
                return true;
            }
            for (NetworkPolicyPeer candidate : peers) {
                if (candidate.getIpBlock() != null) {
                    if (peer.ip() != null && inBlock(candidate.getIpBlock(), peer.ip())) {
                        return true;
                    }
                    continue;
                }
                if (peer.namespace() == null) {
                    continue;
                }
                boolean namespaceOk = candidate.getNamespaceSelector() == null
                        ? peer.namespace().equals("pixtools")
                        : matches(
                                candidate.getNamespaceSelector(),
                                Map.of("kubernetes.io/metadata.name", peer.namespace()));
                boolean podOk =
                        candidate.getPodSelector() == null || matches(candidate.getPodSelector(), peer.labels());
                if (namespaceOk && podOk) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(LabelSelector selector, Map<String, String> labels) {
            if (selector == null) {
                return true;
            }
            assertThat(selector.getMatchExpressions())
                    .as("only matchLabels are used")
                    .isNullOrEmpty();
            Map<String, String> wanted = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
            return labels.entrySet().containsAll(wanted.entrySet());
        }

        private static boolean inBlock(IPBlock block, String ip) {
            return inCidr(block.getCidr(), ip)
                    && Objects.requireNonNullElse(block.getExcept(), List.<String>of()).stream()
                            .noneMatch(e -> inCidr(e, ip));
        }

        private static boolean inCidr(String cidr, String ip) {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
        }

        private static long ipv4(String address) {
            long value = 0;
            for (String octet : address.split("\\.")) {
                value = (value << 8) | Integer.parseInt(octet);
            }
            return value;
        }
    }

    private static final List<String> ROLES =
            List.of("pixtools-api", "pixtools-worker-standard", "pixtools-worker-ml", "pixtools-scheduler");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noPodReachesTheInstanceMetadataService(String overlay) throws Exception {
        Cluster cluster = Cluster.of(overlay);
        for (String pod : cluster.pods().keySet()) {
            for (int port : List.of(80, 443, 8080)) {
                assertThat(cluster.connects(cluster.pod(pod), Endpoint.address(METADATA_SERVICE), port))
                        .as("%s to the metadata service on %d", pod, port)
                        .isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRoleReachesItsDependenciesAndDns(String overlay) throws Exception {
        Cluster cluster = Cluster.of(overlay);
        Endpoint dns = Endpoint.pod(Map.of("k8s-app", "kube-dns"), "kube-system");
        for (String role : ROLES) {
            Endpoint pod = cluster.pod(role);
            assertThat(cluster.connects(pod, cluster.pod("rabbitmq"), 5672))
                    .as("%s to RabbitMQ", role)
                    .isTrue();
            assertThat(cluster.connects(pod, cluster.pod("redis"), 6379))
                    .as("%s to Redis", role)
                    .isTrue();
            assertThat(cluster.connects(pod, Endpoint.address(RDS), 5432))
                    .as("%s to RDS", role)
                    .isTrue();
            assertThat(cluster.connects(pod, Endpoint.address(PUBLIC), 443))
                    .as("%s to S3", role)
                    .isTrue();
            assertThat(cluster.connects(pod, dns, 53, "UDP"))
                    .as("%s to DNS", role)
                    .isTrue();
            // Nothing else inside the VPC: not the nodes' SSH, not another service's HTTP.
            assertThat(cluster.connects(pod, Endpoint.address(RDS), 22))
                    .as("%s to a VPC address on 22", role)
                    .isFalse();
            assertThat(cluster.connects(pod, Endpoint.address("10.40.1.5"), 80))
                    .as("%s to a VPC address on 80", role)
                    .isFalse();
            assertThat(cluster.connects(pod, cluster.pod("rabbitmq"), 15672))
                    .as("%s to RabbitMQ management", role)
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheWebhookSenderReachesArbitraryPublicAddresses(String overlay) throws Exception {
        Cluster cluster = Cluster.of(overlay);
        Endpoint webhooks = cluster.pod("pixtools-worker-standard");
        assertThat(cluster.connects(webhooks, Endpoint.address(PUBLIC), 8443)).isTrue();
        assertThat(cluster.connects(webhooks, Endpoint.address(PUBLIC), 80)).isTrue();
        for (String privateAddress : List.of("10.1.2.3", "172.20.0.1", "192.168.1.1", "127.0.0.1", "100.100.1.1")) {
            assertThat(cluster.connects(webhooks, Endpoint.address(privateAddress), 80))
                    .as("worker-standard to %s:80", privateAddress)
                    .isFalse();
        }
        for (String role : List.of("pixtools-api", "pixtools-worker-ml", "pixtools-scheduler")) {
            assertThat(cluster.connects(cluster.pod(role), Endpoint.address(PUBLIC), 80))
                    .as("%s to the internet on 80", role)
                    .isFalse();
            assertThat(cluster.connects(cluster.pod(role), Endpoint.address(PUBLIC), 8443))
                    .as("%s to the internet on 8443", role)
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheApiTakesRequestsAndTheDependenciesTakeThemOnlyFromPixtoolsAndKeda(String overlay) throws Exception {
        Cluster cluster = Cluster.of(overlay);
        Endpoint internet = Endpoint.address(PUBLIC);
        assertThat(cluster.connects(internet, cluster.pod("pixtools-api"), 8080))
                .isTrue();
        for (String role : List.of("pixtools-worker-standard", "pixtools-worker-ml", "pixtools-scheduler")) {
            assertThat(cluster.connects(internet, cluster.pod(role), 8080))
                    .as("outside to %s", role)
                    .isFalse();
            assertThat(cluster.connects(cluster.pod("pixtools-api"), cluster.pod(role), 8080))
                    .as("api to %s", role)
                    .isFalse();
        }
        Endpoint scraper = Endpoint.pod(Map.of("app", "prometheus"), "monitoring");
        assertThat(cluster.connects(scraper, cluster.pod("pixtools-worker-ml"), 8080))
                .as("an unlabelled namespace scrapes nothing")
                .isFalse();

        Endpoint keda = Endpoint.pod(Map.of("app", "keda-operator"), "keda");
        Endpoint stranger = Endpoint.pod(Map.of("app", "something"), "default");
        assertThat(cluster.connects(keda, cluster.pod("rabbitmq"), 5672))
                .as("KEDA reads the queue lengths")
                .isTrue();
        assertThat(cluster.connects(stranger, cluster.pod("rabbitmq"), 5672)).isFalse();
        assertThat(cluster.connects(stranger, cluster.pod("redis"), 6379)).isFalse();
        assertThat(cluster.connects(keda, cluster.pod("redis"), 6379)).isFalse();
        assertThat(cluster.connects(cluster.pod("redis"), cluster.pod("rabbitmq"), 5672))
                .isFalse();
        assertThat(cluster.connects(cluster.pod("rabbitmq"), internet, 443))
                .as("RabbitMQ opens no connection out")
                .isFalse();
        assertThat(cluster.connects(cluster.pod("redis"), internet, 443))
                .as("Redis opens no connection out")
                .isFalse();
    }
}
