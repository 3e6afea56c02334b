// /etc/hosts, /etc/resolv.conf and /etc/hostname for a pod, as kubelet and
// containerd generate them.
#include "sandbox/pod_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <climits>

#include "base/file.hpp"
#include "manifest/names.hpp"
#include "sandbox/pod_format.hpp"

namespace podcore::sandbox {

namespace {

constexpr std::size_t kHostnameMaxLen = 63;
constexpr std::size_t kFqdnMaxLen = 64;
constexpr std::size_t kMaxNameservers = 3;   // validation.MaxDNSNameservers
constexpr std::size_t kMaxSearchPaths = 32;  // MaxDNSSearchPathsExpanded (ExpandedDNSConfig GA)
constexpr std::size_t kMaxSearchListChars = 2048;  // MaxDNSSearchListCharsExpanded
constexpr std::size_t kMaxSearchPathLen = 253;     // DNS1123SubdomainMaxLength

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::vector<std::string> omit_duplicates(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

std::vector<std::string> fields(std::string_view line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' ||
                               line[i] == '\v' || line[i] == '\f'))
      ++i;
    std::size_t j = i;
    while (j < line.size() && !(line[j] == ' ' || line[j] == '\t' || line[j] == '\r' ||
                                line[j] == '\v' || line[j] == '\f'))
      ++j;
    if (j > i) out.emplace_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string aliases_block(std::span<const manifest::HostAlias> aliases) {
  if (aliases.empty()) return {};
  std::string out = "\n# Entries added by HostAliases.\n";
  for (const auto& a : aliases) out += a.ip + "\t" + join(a.hostnames, "\t") + "\n";
  return out;
}

// kubelet's mergeDNSOptions, keeping first-seen order instead of Go's map
// order so the file is deterministic.
std::vector<std::string> merge_options(const std::vector<std::string>& existing,
                                       const std::vector<manifest::PodDNSConfigOption>& extra) {
  std::vector<std::pair<std::string, std::string>> opts;
  auto set = [&](const std::string& name, const std::string& value) {
    auto it =
        std::find_if(opts.begin(), opts.end(), [&](const auto& p) { return p.first == name; });
    if (it == opts.end())
      opts.emplace_back(name, value);
    else
      it->second = value;
  };
  for (const auto& op : existing) {
    auto colon = op.find(':');
    if (colon == std::string::npos)
      set(op, "");
    else
      set(op.substr(0, colon), op.substr(colon + 1));
  }
  for (const auto& op : extra) set(op.name, op.value.value_or(""));
  std::vector<std::string> out;
  for (const auto& [name, value] : opts) out.push_back(value.empty() ? name : name + ":" + value);
  return out;
}

void warn(std::vector<PodFileEvent>* events, std::string reason, std::string message) {
  if (events) events->push_back({"Warning", std::move(reason), std::move(message)});
}

std::vector<std::string> fit_searches(std::vector<std::string> search,
                                      std::vector<PodFileEvent>* events) {
  bool exceeded = false;
  if (search.size() > kMaxSearchPaths) {
    search.resize(kMaxSearchPaths);
    exceeded = true;
  }
  std::erase_if(search, [&](const std::string& s) {
    if (s.size() <= kMaxSearchPathLen) return false;
    exceeded = true;
    return true;
  });
  std::size_t len = join(search, " ").size();
  if (len > kMaxSearchListChars) {
    std::size_t cut = 0, cut_len = 0;
    for (std::size_t i = search.size(); i-- > 0;) {
      cut_len += search[i].size() + 1;
      ++cut;
      if (len - cut_len <= kMaxSearchListChars) break;
    }
    search.resize(search.size() - cut);
    exceeded = true;
  }
  if (exceeded)
    warn(events, "DNSConfigForming",
         "Search Line limits were exceeded, some search paths have been omitted, the applied "
         "search line is: " +
             join(search, " "));
  return search;
}

}  // namespace

Result<std::string> truncate_pod_hostname(std::string_view pod_name, std::string_view hostname) {
  if (hostname.size() <= kHostnameMaxLen) return std::string(hostname);
  std::string truncated(hostname.substr(0, kHostnameMaxLen));
  while (!truncated.empty() && (truncated.back() == '-' || truncated.back() == '.'))
    truncated.pop_back();
  if (truncated.empty())
    return fail(ErrorCode::kInvalid, "sandbox.hostname",
                podfmt::format("hostname for pod \"{}\" was invalid: \"{}\"", pod_name, hostname),
                std::string(pod_name));
  return truncated;
}

Result<PodHostname> pod_hostname(const manifest::Pod& pod, std::string_view cluster_domain) {
  const auto& spec = pod.spec;
  const std::string& name = pod.metadata.name;
  std::string hostname = name;
  if (!spec.hostname.empty()) {
    if (auto msgs = manifest::names::is_dns1123_label(spec.hostname); !msgs.empty())
      return fail(ErrorCode::kInvalid, "sandbox.hostname",
                  podfmt::format("pod Hostname \"{}\" is not a valid DNS label: {}", spec.hostname,
                                 join(msgs, ";")),
                  name);
    hostname = spec.hostname;
  }
  auto truncated = truncate_pod_hostname(name, hostname);
  if (!truncated) return std::unexpected(truncated.error());
  PodHostname out;
  out.hostname = *truncated;
  if (!spec.subdomain.empty()) {
    if (auto msgs = manifest::names::is_dns1123_label(spec.subdomain); !msgs.empty())
      return fail(ErrorCode::kInvalid, "sandbox.hostname",
                  podfmt::format("pod Subdomain \"{}\" is not a valid DNS label: {}",
                                 spec.subdomain, join(msgs, ";")),
                  name);
    out.domain =
        podfmt::format("{}.{}.svc.{}", spec.subdomain, pod.metadata.namespace_, cluster_domain);
  }
  out.kernel = out.hostname;
  if (!out.domain.empty() && spec.setHostnameAsFQDN.value_or(false)) {
    std::string fqdn = out.hostname + "." + out.domain;
    if (fqdn.size() > kFqdnMaxLen)
      return fail(
          ErrorCode::kInvalid, "sandbox.hostname",
          podfmt::format("failed to construct FQDN from pod hostname and cluster domain, FQDN "
                         "{} is too long ({} characters is the max, {} characters requested)",
                         fqdn, kFqdnMaxLen, fqdn.size()),
          name);
    out.kernel = fqdn;
  }
  return out;
}

std::string managed_hosts_content(std::span<const std::string> pod_ips, std::string_view hostname,
                                  std::string_view domain,
                                  std::span<const manifest::HostAlias> aliases) {
  std::string out =
      "# Kubernetes-managed hosts file.\n"
      "127.0.0.1\tlocalhost\n"
      "::1\tlocalhost ip6-localhost ip6-loopback\n"
      "fe00::0\tip6-localnet\n"
      "fe00::0\tip6-mcastprefix\n"
      "fe00::1\tip6-allnodes\n"
      "fe00::2\tip6-allrouters\n";
  for (const auto& ip : pod_ips) {
    if (domain.empty())
      out += podfmt::format("{}\t{}\n", ip, hostname);
    else
      out += podfmt::format("{}\t{}.{}\t{}\n", ip, hostname, domain, hostname);
  }
  out += aliases_block(aliases);
  return out;
}

std::string host_network_hosts_content(std::string_view node_hosts,
                                       std::span<const manifest::HostAlias> aliases) {
  std::string out = "# Kubernetes-managed hosts file (host network).\n";
  out += node_hosts;
  out += aliases_block(aliases);
  return out;
}

DnsConfig parse_resolv_conf(std::string_view text) {
  DnsConfig out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    auto f = fields(line);
    if (f.empty() || f[0].starts_with('#')) continue;
    if (f[0] == "nameserver" && f.size() >= 2) out.servers.push_back(f[1]);
    if (f[0] == "search") {
      out.searches.clear();
      for (std::size_t i = 1; i < f.size(); ++i) {
        std::string s = f[i];
        if (s.ends_with('.')) s.pop_back();
        out.searches.push_back(s);
      }
    }
    if (f[0] == "options") out.options.assign(f.begin() + 1, f.end());
  }
  return out;
}

DnsConfig pod_dns_config(const manifest::Pod& pod, const DnsSettings& settings,
                         std::vector<PodFileEvent>* events) {
  const auto& spec = pod.spec;
  DnsConfig cfg = parse_resolv_conf(settings.host_resolv_conf);
  const std::string& policy = spec.dnsPolicy.empty() ? std::string("ClusterFirst") : spec.dnsPolicy;
  bool cluster =
      policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !spec.hostNetwork);
  if (policy == "None") {
    cfg = DnsConfig{};
  } else if (cluster) {
    if (!settings.cluster_dns.empty()) {
      cfg.servers = settings.cluster_dns;
      if (!settings.cluster_domain.empty()) {
        std::vector<std::string> search = {
            podfmt::format("{}.svc.{}", pod.metadata.namespace_, settings.cluster_domain),
            "svc." + settings.cluster_domain, settings.cluster_domain};
        search.insert(search.end(), cfg.searches.begin(), cfg.searches.end());
        cfg.searches = omit_duplicates(search);
      }
      cfg.options = {"ndots:5"};
    } else {
      warn(events, "MissingClusterDNS",
           podfmt::format("pod: \"{}_{}({})\". kubelet does not have ClusterDNS IP configured and "
                          "cannot create Pod using \"ClusterFirst\" policy. Falling back to "
                          "\"Default\" policy.",
                          pod.metadata.name, pod.metadata.namespace_, pod.metadata.uid));
    }
  }
  if (spec.dnsConfig) {
    std::vector<std::string> servers = cfg.servers;
    servers.insert(servers.end(), spec.dnsConfig->nameservers.begin(),
                   spec.dnsConfig->nameservers.end());
    cfg.servers = omit_duplicates(servers);
    std::vector<std::string> searches = cfg.searches;
    searches.insert(searches.end(), spec.dnsConfig->searches.begin(),
                    spec.dnsConfig->searches.end());
    cfg.searches = omit_duplicates(searches);
    cfg.options = merge_options(cfg.options, spec.dnsConfig->options);
  }
  if (cfg.servers.size() > kMaxNameservers) {
    cfg.servers.resize(kMaxNameservers);
    warn(events, "DNSConfigForming",
         "Nameserver limits were exceeded, some nameservers have been omitted, the applied "
         "nameserver line is: " +
             join(cfg.servers, " "));
  }
  cfg.searches = fit_searches(std::move(cfg.searches), events);
  return cfg;
}

std::string format_resolv_conf(const DnsConfig& config) {
  std::string out;
  if (!config.searches.empty()) out += "search " + join(config.searches, " ") + "\n";
  for (const auto& s : config.servers) out += "nameserver " + s + "\n";
  if (!config.options.empty()) out += "options " + join(config.options, " ") + "\n";
  return out;
}

std::filesystem::path pod_hosts_path(const std::filesystem::path& pod_dir) {
  return pod_dir / "etc-hosts";
}
std::filesystem::path pod_resolv_conf_path(const std::filesystem::path& pod_dir) {
  return pod_dir / "resolv.conf";
}
std::filesystem::path pod_hostname_path(const std::filesystem::path& pod_dir) {
  return pod_dir / "hostname";
}

Result<std::vector<PodFileEvent>> write_pod_files(const std::filesystem::path& pod_dir,
                                                  const manifest::Pod& pod,
                                                  const PodFilesInput& input) {
  auto host = pod_hostname(pod, input.dns.cluster_domain);
  if (!host) return std::unexpected(host.error());
  std::vector<PodFileEvent> events;
  std::string hosts = pod.spec.hostNetwork
                          ? host_network_hosts_content(input.node_hosts, pod.spec.hostAliases)
                          : managed_hosts_content(input.pod_ips, host->hostname, host->domain,
                                                  pod.spec.hostAliases);
  std::string resolv = format_resolv_conf(pod_dns_config(pod, input.dns, &events));
  // The node's name with hostNetwork (the pod shares the node's UTS namespace).
  std::string hostname = (pod.spec.hostNetwork ? input.node_hostname : host->kernel) + "\n";
  for (const auto& [path, text] : {std::pair{pod_hosts_path(pod_dir), &hosts},
                                   std::pair{pod_resolv_conf_path(pod_dir), &resolv},
                                   std::pair{pod_hostname_path(pod_dir), &hostname}}) {
    if (auto r = write_file_atomic(path.string(), *text, 0644, Sync::kVolatile); !r) {
      Error e = r.error();
      e.stage = "sandbox.pod_files";
      return std::unexpected(e);
    }
  }
  return events;
}

PodFilesInput node_pod_files_input() {
  PodFilesInput in;
  in.dns.host_resolv_conf = read_file("/etc/resolv.conf").value_or("");
  in.node_hosts = read_file("/etc/hosts").value_or("");
  char buf[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buf, sizeof buf) == 0) in.node_hostname = buf;
  return in;
}

}  // namespace podcore::sandbox
