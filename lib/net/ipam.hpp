// File-backed IP address management, in the manner of CNI's host-local
// plugin: one file per leased address under ipam/<network>/, allocated
// round-robin under a file lock.
//
//   ipam/<network>/lock                 flock(2) taken for every change
//   ipam/<network>/<ip>                 "<pod uid>\n<interface>\n"
//   ipam/<network>/last_reserved_ip.0   last IPv4 handed out (.1 for IPv6)
//   ipam/<network>/pods/<uid>           the addresses a pod holds, one a line
//
// The per-pod index makes release(uid) one read instead of a directory scan;
// the address files stay the source of truth, so gc() (a full scan) repairs
// anything a crash between the two writes left behind.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "net/ip.hpp"

namespace podcore::net {

/// The addresses leased to one pod.
struct IpLease {
  IpAddress ipv4;
  std::optional<IpAddress> ipv6;
  bool existing = false;  ///< the pod held this lease before the call
};

/// One lease file as found on disk.
struct LeaseRecord {
  IpAddress ip;
  std::string pod_uid;
  std::string ifname;
};

/// One address range: the subnet and the gateway it must never hand out.
struct IpRange {
  IpSubnet subnet;
  IpAddress gateway;
};

/// Leases of one network. Cheap to copy; holds no open files.
class Ipam {
 public:
  /// Opens (creating) the lease directory `dir`. `v4` is required; `v6` is
  /// optional (dual stack). kInvalid when a gateway lies outside its subnet
  /// or an IPv4 subnet is smaller than /30.
  static Result<Ipam> open(std::string dir, IpRange v4, std::optional<IpRange> v6);

  /// Leases one IPv4 (and one IPv6 when configured) address to `pod_uid`:
  /// the next free address after the last reserved one, wrapping around,
  /// never the network, gateway or broadcast address. Returns the pod's
  /// existing lease when it already has one. kBusy naming the subnet when it
  /// is exhausted (nothing is kept then); kInvalid for a malformed UID.
  Result<IpLease> allocate(std::string_view pod_uid, std::string_view ifname);

  /// Releases every address held by `pod_uid`. Idempotent: releasing a pod
  /// with no lease succeeds.
  Result<void> release(std::string_view pod_uid);

  /// Every lease file of the network.
  [[nodiscard]] Result<std::vector<LeaseRecord>> list() const;

  /// Releases the leases of every pod not in `live_uids`; returns the pod
  /// UIDs whose leases were removed.
  Result<std::vector<std::string>> gc(const std::set<std::string, std::less<>>& live_uids);

  [[nodiscard]] const std::string& dir() const noexcept { return dir_; }

 private:
  Ipam(std::string dir, IpRange v4, std::optional<IpRange> v6)
      : dir_(std::move(dir)), v4_(std::move(v4)), v6_(std::move(v6)) {}
  Result<IpAddress> allocate_in(const IpRange& range, int slot, std::string_view uid,
                                std::string_view ifname);
  Result<void> release_locked(std::string_view uid);

  std::string dir_;
  IpRange v4_;
  std::optional<IpRange> v6_;
};

/// True when `uid` is usable as a file name and a veth alias: 1..128
/// characters from [A-Za-z0-9._-], not "." or "..".
bool valid_pod_uid(std::string_view uid) noexcept;

}  // namespace podcore::net
