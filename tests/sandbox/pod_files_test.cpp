// Pod files against kubelet's exact output (kubelet_pods.go, dns.go) and
// containerd's resolv.conf layout.
#include "sandbox/pod_files.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "base/file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace podcore::sandbox;
using podcore::manifest::Pod;

Pod make_pod(const std::string& name, const std::string& ns = "default") {
  Pod p;
  p.metadata.name = name;
  p.metadata.namespace_ = ns;
  p.metadata.uid = "11111111-2222-3333-4444-555555555555";
  p.spec.dnsPolicy = "ClusterFirst";
  return p;
}

constexpr const char* kBoilerplate =
    "# Kubernetes-managed hosts file.\n"
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "fe00::0\tip6-mcastprefix\n"
    "fe00::1\tip6-allnodes\n"
    "fe00::2\tip6-allrouters\n";

TEST(PodFiles, HostsLikeKubeletDocsExample) {
  std::vector<std::string> ips = {"10.200.0.4"};
  EXPECT_EQ(managed_hosts_content(ips, "nginx", "", {}),
            std::string(kBoilerplate) + "10.200.0.4\tnginx\n");
}

TEST(PodFiles, HostsWithSubdomainDualStackAndAliases) {
  std::vector<std::string> ips = {"10.0.0.5", "fd00::5"};
  std::vector<podcore::manifest::HostAlias> aliases = {{"127.0.0.1", {"foo.local", "bar.local"}},
                                                       {"10.1.2.3", {"foo.remote"}}};
  EXPECT_EQ(managed_hosts_content(ips, "web-0", "nginx.default.svc.cluster.local", aliases),
            std::string(kBoilerplate) +
                "10.0.0.5\tweb-0.nginx.default.svc.cluster.local\tweb-0\n"
                "fd00::5\tweb-0.nginx.default.svc.cluster.local\tweb-0\n"
                "\n# Entries added by HostAliases.\n"
                "127.0.0.1\tfoo.local\tbar.local\n"
                "10.1.2.3\tfoo.remote\n");
}

TEST(PodFiles, HostNetworkHostsKeepNodeFile) {
  std::vector<podcore::manifest::HostAlias> aliases = {{"1.2.3.4", {"a"}}};
  EXPECT_EQ(host_network_hosts_content("127.0.0.1 localhost\n", aliases),
            "# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n"
            "\n# Entries added by HostAliases.\n1.2.3.4\ta\n");
}

TEST(PodFiles, HostnameTruncatedTo63WithoutTrailingDashOrDot) {
  std::string name = std::string(62, 'a') + "-bcd";  // 66 chars, char 63 is '-'
  Pod p = make_pod(name);
  auto h = pod_hostname(p);
  ASSERT_TRUE(h) << h.error().to_string();
  EXPECT_EQ(h->hostname, std::string(62, 'a'));
  EXPECT_EQ(h->kernel, h->hostname);
  EXPECT_EQ(*truncate_pod_hostname("p", "abc"), "abc");
  EXPECT_EQ(*truncate_pod_hostname("p", std::string(63, 'x') + "yz"), std::string(63, 'x'));
  EXPECT_FALSE(truncate_pod_hostname("p", std::string(70, '-')));
}

TEST(PodFiles, SpecHostnameSubdomainAndFqdn) {
  Pod p = make_pod("busybox-1", "team");
  p.spec.hostname = "busybox-1";
  p.spec.subdomain = "busybox-subdomain";
  auto h = pod_hostname(p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->domain, "busybox-subdomain.team.svc.cluster.local");
  EXPECT_EQ(h->kernel, "busybox-1");
  p.spec.setHostnameAsFQDN = true;
  h = pod_hostname(p);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kernel, "busybox-1.busybox-subdomain.team.svc.cluster.local");
  p.spec.hostname = std::string(40, 'h');
  auto bad = pod_hostname(p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("is too long (64 characters is the max, 81 characters "
                                     "requested)"),
            std::string::npos)
      << bad.error().message;
  p.spec.hostname = "Bad_Name";
  bad = pod_hostname(p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("pod Hostname \"Bad_Name\" is not a valid DNS label"),
            std::string::npos);
}

constexpr const char* kNodeResolv =
    "# generated\nnameserver 10.0.2.3\nnameserver 10.0.2.4\nsearch example.com. corp.local\n"
    "options edns0 ndots:2\n";

TEST(PodFiles, ParseResolvConfLikeKubelet) {
  auto c = parse_resolv_conf(std::string(kNodeResolv) + "search last.wins\n");
  EXPECT_EQ(c.servers, (std::vector<std::string>{"10.0.2.3", "10.0.2.4"}));
  EXPECT_EQ(c.searches, (std::vector<std::string>{"last.wins"}));
  EXPECT_EQ(c.options, (std::vector<std::string>{"edns0", "ndots:2"}));
}

TEST(PodFiles, DefaultPolicyUsesNodeResolvConf) {
  Pod p = make_pod("p");
  p.spec.dnsPolicy = "Default";
  DnsSettings s{kNodeResolv, {}, "cluster.local"};
  std::vector<PodFileEvent> ev;
  EXPECT_EQ(format_resolv_conf(pod_dns_config(p, s, &ev)),
            "search example.com corp.local\nnameserver 10.0.2.3\nnameserver 10.0.2.4\n"
            "options edns0 ndots:2\n");
  EXPECT_TRUE(ev.empty());
}

TEST(PodFiles, ClusterFirstWithoutClusterDnsFallsBackWithEvent) {
  Pod p = make_pod("p");
  DnsSettings s{kNodeResolv, {}, "cluster.local"};
  std::vector<PodFileEvent> ev;
  auto c = pod_dns_config(p, s, &ev);
  EXPECT_EQ(c, parse_resolv_conf(kNodeResolv));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].reason, "MissingClusterDNS");
  EXPECT_EQ(ev[0].message,
            "pod: \"p_default(11111111-2222-3333-4444-555555555555)\". kubelet does not have "
            "ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\" policy. Falling "
            "back to \"Default\" policy.");
}

TEST(PodFiles, ClusterFirstWithClusterDns) {
  Pod p = make_pod("p", "team");
  DnsSettings s{kNodeResolv, {"10.96.0.10"}, "cluster.local"};
  EXPECT_EQ(format_resolv_conf(pod_dns_config(p, s)),
            "search team.svc.cluster.local svc.cluster.local cluster.local example.com corp.local\n"
            "nameserver 10.96.0.10\noptions ndots:5\n");
  // hostNetwork + ClusterFirst behaves like Default.
  p.spec.hostNetwork = true;
  EXPECT_EQ(pod_dns_config(p, s), parse_resolv_conf(kNodeResolv));
}

TEST(PodFiles, NonePolicyUsesOnlyDnsConfigAndMergesOptions) {
  // The docs' dns-example pod.
  Pod p = make_pod("dns-example");
  p.spec.dnsPolicy = "None";
  p.spec.dnsConfig.emplace();
  p.spec.dnsConfig->nameservers = {"192.0.2.1"};
  p.spec.dnsConfig->searches = {"ns1.svc.cluster-domain.example", "my.dns.search.suffix"};
  p.spec.dnsConfig->options = {{"ndots", "2"}, {"edns0", std::nullopt}};
  DnsSettings s{kNodeResolv, {}, "cluster.local"};
  EXPECT_EQ(format_resolv_conf(pod_dns_config(p, s)),
            "search ns1.svc.cluster-domain.example my.dns.search.suffix\n"
            "nameserver 192.0.2.1\noptions ndots:2 edns0\n");
  // Merged into Default: servers appended deduplicated, option ndots overridden.
  p.spec.dnsPolicy = "Default";
  p.spec.dnsConfig->nameservers = {"10.0.2.3", "192.0.2.1"};
  auto c = pod_dns_config(p, s);
  EXPECT_EQ(c.servers, (std::vector<std::string>{"10.0.2.3", "10.0.2.4", "192.0.2.1"}));
  EXPECT_EQ(c.options, (std::vector<std::string>{"edns0", "ndots:2"}));
}

TEST(PodFiles, NameserverLimitEmitsEvent) {
  Pod p = make_pod("p");
  p.spec.dnsPolicy = "Default";
  p.spec.dnsConfig.emplace();
  p.spec.dnsConfig->nameservers = {"1.1.1.1", "8.8.8.8"};
  DnsSettings s{kNodeResolv, {}, "cluster.local"};
  std::vector<PodFileEvent> ev;
  auto c = pod_dns_config(p, s, &ev);
  EXPECT_EQ(c.servers.size(), 3u);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].message,
            "Nameserver limits were exceeded, some nameservers have been omitted, the applied "
            "nameserver line is: 10.0.2.3 10.0.2.4 1.1.1.1");
}

TEST(PodFiles, WritePodFiles) {
  std::string tmpl = fs::temp_directory_path() / "podfiles-XXXXXX";
  fs::path dir = ::mkdtemp(tmpl.data());
  Pod p = make_pod("web");
  p.spec.dnsPolicy = "Default";
  PodFilesInput in;
  in.pod_ips = {"10.22.0.7"};
  in.dns.host_resolv_conf = "nameserver 10.0.2.3\n";
  auto ev = write_pod_files(dir, p, in);
  ASSERT_TRUE(ev) << ev.error().to_string();
  EXPECT_EQ(*podcore::read_file(pod_hosts_path(dir)),
            std::string(kBoilerplate) + "10.22.0.7\tweb\n");
  EXPECT_EQ(*podcore::read_file(pod_resolv_conf_path(dir)), "nameserver 10.0.2.3\n");
  EXPECT_EQ(*podcore::read_file(pod_hostname_path(dir)), "web\n");
  struct stat st {};
  ASSERT_EQ(::stat(pod_hosts_path(dir).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  fs::remove_all(dir);
}

}  // namespace
