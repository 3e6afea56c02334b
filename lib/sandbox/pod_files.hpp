// The files kubelet generates for a pod sandbox: /etc/hosts, /etc/resolv.conf
// and /etc/hostname. The generators are pure functions that follow kubelet
// (pkg/kubelet/kubelet_pods.go: GeneratePodHostNameAndDomain,
// managedHostsFileContent, nodeHostsFileContent; pkg/kubelet/network/dns/dns.go:
// GetPodDNS) and containerd's resolv.conf writer; write_pod_files puts them
// where the container spawner bind-mounts them from:
//
//   pods/<UID>/etc-hosts     → /etc/hosts
//   pods/<UID>/resolv.conf   → /etc/resolv.conf
//   pods/<UID>/hostname      → /etc/hostname
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::sandbox {

/// The cluster domain used for `spec.subdomain` FQDNs (kubelet's usual
/// --cluster-domain).
inline constexpr std::string_view kDefaultClusterDomain = "cluster.local";

/// A pod's host name and domain as kubelet computes them.
struct PodHostname {
  std::string hostname;  ///< spec.hostname or metadata.name, truncated to 63
  std::string domain;    ///< "<subdomain>.<namespace>.svc.<clusterDomain>", or empty
  std::string kernel;  ///< what sethostname(2) gets: the FQDN with setHostnameAsFQDN, else hostname
};

/// kubelet's truncatePodHostnameIfNeeded: more than 63 characters are cut to
/// 63 and trailing '-' and '.' removed. kInvalid if nothing is left.
Result<std::string> truncate_pod_hostname(std::string_view pod_name, std::string_view hostname);

/// kubelet's GeneratePodHostNameAndDomain plus GetNodenameForKernel.
/// kInvalid (stage "sandbox.hostname") for a spec.hostname/subdomain that is
/// not a DNS-1123 label, or an FQDN longer than 64 characters with
/// setHostnameAsFQDN (kubelet's message).
Result<PodHostname> pod_hostname(const manifest::Pod& pod,
                                 std::string_view cluster_domain = kDefaultClusterDomain);

/// The /etc/hosts of a pod with its own network namespace, byte for byte as
/// kubelet writes it: header, localhost/IPv6 lines, one line per pod IP
/// (`<ip>\t<hostname>` or `<ip>\t<hostname>.<domain>\t<hostname>`), then the
/// hostAliases block.
std::string managed_hosts_content(std::span<const std::string> pod_ips, std::string_view hostname,
                                  std::string_view domain,
                                  std::span<const manifest::HostAlias> aliases);

/// The /etc/hosts of a hostNetwork pod: kubelet's "(host network)" header,
/// the node's hosts file, then the hostAliases block.
std::string host_network_hosts_content(std::string_view node_hosts,
                                       std::span<const manifest::HostAlias> aliases);

/// A resolver configuration (the CRI DNSConfig).
struct DnsConfig {
  std::vector<std::string> servers;
  std::vector<std::string> searches;
  std::vector<std::string> options;  ///< "ndots:5", "edns0"
  bool operator==(const DnsConfig&) const = default;
};

/// An event the DNS computation asks the caller to record on the pod
/// (kubelet's MissingClusterDNS and DNSConfigForming warnings).
struct PodFileEvent {
  std::string type;  ///< "Warning"
  std::string reason;
  std::string message;
};

/// How this node resolves names.
struct DnsSettings {
  std::string host_resolv_conf;          ///< the node's resolv.conf text (kubelet --resolv-conf)
  std::vector<std::string> cluster_dns;  ///< cluster DNS server IPs; empty on a node without one
  std::string cluster_domain{kDefaultClusterDomain};
};

/// kubelet's parseResolvConf: nameservers accumulate, the last `search` and
/// `options` lines win, search domains lose a trailing dot.
DnsConfig parse_resolv_conf(std::string_view text);

/// kubelet's GetPodDNS. dnsPolicy `Default` (and `ClusterFirst` with
/// hostNetwork) → the node's configuration; `ClusterFirst`/
/// `ClusterFirstWithHostNet` → the cluster DNS servers with the cluster
/// search list and ndots:5 — or, on a node without cluster DNS (this
/// library's usual case), the node's configuration and a MissingClusterDNS
/// event; `None` → only dnsConfig. dnsConfig is then merged (servers and
/// searches appended without duplicates, options overridden by name; kubelet
/// iterates a Go map there, this keeps first-seen order) and the limits
/// applied (3 nameservers, 32 search paths, 2048 characters). Events go to
/// `events` when non-null.
DnsConfig pod_dns_config(const manifest::Pod& pod, const DnsSettings& settings,
                         std::vector<PodFileEvent>* events = nullptr);

/// resolv.conf text as containerd writes it: `search`, `nameserver` lines,
/// `options`.
std::string format_resolv_conf(const DnsConfig& config);

/// Where the pod files live inside a pod directory.
std::filesystem::path pod_hosts_path(const std::filesystem::path& pod_dir);
std::filesystem::path pod_resolv_conf_path(const std::filesystem::path& pod_dir);
std::filesystem::path pod_hostname_path(const std::filesystem::path& pod_dir);

/// What write_pod_files needs besides the pod.
struct PodFilesInput {
  std::vector<std::string> pod_ips;  ///< status.podIPs (may be empty before the network is up)
  DnsSettings dns;
  std::string node_hosts;     ///< the node's /etc/hosts text, used with hostNetwork
  std::string node_hostname;  ///< the node's host name, used with hostNetwork
};

/// Writes etc-hosts, resolv.conf and hostname (mode 0644, atomically) into
/// `pod_dir`. Calling it again (e.g. once the pod IP is known) rewrites them.
/// kInvalid from pod_hostname; kSystem naming the file on I/O errors.
Result<std::vector<PodFileEvent>> write_pod_files(const std::filesystem::path& pod_dir,
                                                  const manifest::Pod& pod,
                                                  const PodFilesInput& input);

/// Reads the node's files for PodFilesInput: /etc/resolv.conf, /etc/hosts and
/// the kernel host name. Missing files give empty text.
PodFilesInput node_pod_files_input();

}  // namespace podcore::sandbox
