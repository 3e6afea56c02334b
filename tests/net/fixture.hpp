// Test fixtures of the net layer: network namespaces made in-process, a
// uniquely named bridge/subnet/state dir per test, sockets inside a netns,
// and what a process inside the pod sees (read without libnl: ioctls and
// /proc/thread-self/net from a thread inside the namespace).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/unique_fd.hpp"
#include "net/network.hpp"

namespace podcore::net::test {

/// A fresh network namespace, held by an fd only (no pin file): closing it
/// lets the kernel destroy the namespace.
class TestNetns {
 public:
  TestNetns();
  [[nodiscard]] int fd() const { return fd_.get(); }
  void close() { fd_.reset(); }

 private:
  unique_fd fd_;
};

/// Runs `fn` on a thread that has entered `netns_fd`.
void run_in_netns(int netns_fd, const std::function<void()>& fn);

/// A socket created inside `netns_fd` (it stays there whoever uses it).
unique_fd socket_in_netns(int netns_fd, int domain, int type);

/// Connects `client` to ip:port, accepts on `listener`, sends a line each way.
/// Returns "" on success, else what failed.
std::string tcp_roundtrip(int listener, int client, const IpAddress& ip, int port);

/// A listening TCP socket on ip:port made inside `netns_fd` (-1: the host).
unique_fd listen_on(int netns_fd, const IpAddress& ip, int port);

/// What a process in the pod sees of one interface.
struct PodView {
  bool exists = false;
  bool up = false;
  unsigned mtu = 0;
  std::string mac;                   ///< SIOCGIFHWADDR, "02:ab:..."
  std::string ipv4;                  ///< SIOCGIFADDR
  std::vector<std::string> ipv6;     ///< global addresses from if_inet6, "addr flags"
  std::vector<unsigned> ipv6_flags;  ///< matching IFA_F_* flags
  int ipv6_link_local = 0;           ///< fe80::/10 addresses (scope link) in if_inet6
  std::string default_gw4;           ///< from /proc/net/route
  bool default_route6 = false;       ///< from /proc/net/ipv6_route
};
PodView view_in_netns(int netns_fd, const std::string& ifname);

/// True when an interface of this name exists in the host namespace.
bool host_link_exists(const std::string& name);
/// The number of tx and rx queues the kernel made for a host interface
/// (IFLA_NUM_TX_QUEUES/IFLA_NUM_RX_QUEUES, not the real ones sysfs lists).
std::pair<unsigned, unsigned> host_link_queues(const std::string& name);
/// Reads /proc/sys/net/ipv6/conf/<name>/disable_ipv6 (trimmed), "" when missing.
std::string host_ipv6_disabled(const std::string& name);
/// Reads /sys/class/net/<name>/<file> (trimmed), "" when missing.
std::string host_sysfs(const std::string& name, const std::string& file);
/// Waits up to `ms` for `name` to disappear from the host namespace.
bool wait_link_gone(const std::string& name, int ms);

/// A foreign interface in the host namespace (with an alias and IPv4
/// address when given): a veth whose peer lives in a private namespace
/// (this kernel has no dummy driver). Deleted by the destructor.
class ForeignLink {
 public:
  ForeignLink(std::string name, std::string alias, std::optional<std::string> cidr);
  ~ForeignLink();
  ForeignLink(const ForeignLink&) = delete;
  ForeignLink& operator=(const ForeignLink&) = delete;
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  std::string name_;
  TestNetns peer_ns_;
};

/// Deletes a host interface by name (fixture cleanup). Missing is fine.
void delete_host_link(const std::string& name);

/// A test network: its own bridge "pct<hex>", network name, IPv4 subnet
/// 10.199.<r>.0/24 (or 172.31.<r>.0/24) that is free on the host, state dir
/// under mktemp. The destructor removes the pods' veths, the bridge and the
/// state dir, also when the test failed.
class TestNetwork {
 public:
  struct Options {
    unsigned mtu = 0;
    bool ipv6 = false;
    bool hairpin = false;
    int prefix_len = 24;
    int fault_step = 0;
    bool no_echo = false;
  };
  explicit TestNetwork(Options options);
  TestNetwork() : TestNetwork(Options{}) {}
  ~TestNetwork();
  TestNetwork(const TestNetwork&) = delete;
  TestNetwork& operator=(const TestNetwork&) = delete;

  Network& net() { return *net_; }
  NetworkConfig& config() { return config_; }
  /// A second Network object on the same bridge/subnet/state (as another
  /// runtime process would have), with `fault_step`.
  std::unique_ptr<Network> open_another(int fault_step = 0);
  [[nodiscard]] std::string state_dir() const { return state_dir_; }
  [[nodiscard]] std::string lease_dir() const;

 private:
  NetworkConfig config_;
  std::string state_dir_;
  std::unique_ptr<Network> net_;
};

/// A random lower-case hex string.
std::string random_hex(size_t n);
/// A fresh pod UID.
std::string new_pod_uid();

}  // namespace podcore::net::test
