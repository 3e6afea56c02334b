// Private to lib/net: RAII for libnl3 objects and the few rtnetlink
// requests the layer sends. Never included from a public header.
#pragma once

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "net/ip.hpp"

namespace podcore::net::nl {

struct SockFree {
  void operator()(nl_sock* s) const noexcept { nl_socket_free(s); }
};
struct ObjectPut {
  void operator()(nl_object* o) const noexcept { nl_object_put(o); }
  void operator()(rtnl_link* o) const noexcept { rtnl_link_put(o); }
  void operator()(rtnl_addr* o) const noexcept { rtnl_addr_put(o); }
  void operator()(rtnl_route* o) const noexcept { rtnl_route_put(o); }
  void operator()(nl_addr* o) const noexcept { nl_addr_put(o); }
  void operator()(nl_msg* o) const noexcept { nlmsg_free(o); }
};
using Sock = std::unique_ptr<nl_sock, SockFree>;
using Link = std::unique_ptr<rtnl_link, ObjectPut>;
using Addr = std::unique_ptr<rtnl_addr, ObjectPut>;
using Route = std::unique_ptr<rtnl_route, ObjectPut>;
using NlAddr = std::unique_ptr<nl_addr, ObjectPut>;
using Object = std::unique_ptr<nl_object, ObjectPut>;
using Msg = std::unique_ptr<nl_msg, ObjectPut>;

/// The errno closest to a libnl error code (0 when there is none).
int to_errno(int nl_error) noexcept;

/// An Error for a failed libnl call: the errno when one maps, libnl's text.
std::unexpected<Error> failure(int nl_error, std::string stage, std::string object,
                               std::string message);

/// An rtnetlink socket in the calling thread's network namespace.
Result<Sock> connect(std::string_view object);

/// An rtnetlink socket inside the network namespace `netns_fd`. A socket
/// keeps the namespace it was made in: the calling thread setns()es in,
/// connects and setns()es back (aborting if it cannot: see the .cpp).
Result<Sock> connect_in_netns(int netns_fd, std::string_view object);

/// "netns fd 7 (net:[4026532301])", for error messages.
std::string describe_netns(int netns_fd);

/// `ip` as an nl_addr with the given prefix length.
NlAddr to_nl_addr(const IpAddress& ip, int prefix_len);
/// Back from an nl_addr (family 0 when it is not IPv4/IPv6).
IpAddress from_nl_addr(const nl_addr* addr);

/// The link called `name`, or nullptr when there is none.
Result<Link> get_link(nl_sock* sk, std::string_view name, std::string_view stage);

/// The request set_link() sends (ifindex 0: the interface called `name`,
/// through RTM_SETLINK, which looks names up).
Result<Msg> set_link_msg(int ifindex, std::string_view name, bool up, std::optional<unsigned> mtu,
                         std::optional<std::string_view> alias, const std::string& stage,
                         const std::string& object);
/// The request add_address() sends.
Result<Msg> add_address_msg(int ifindex, const IpAddress& ip, int prefix_len,
                            const std::string& object);
/// The request add_default_route() sends.
Result<Msg> add_default_route_msg(int ifindex, const IpAddress& gateway, const std::string& object);
/// The link in an RTM_NEWLINK message (an echo, a GETLINK's answer), or nullptr.
Link parse_link(nl_msg* msg);

/// Requests sent in ONE sendmsg() and answered together: the kernel runs
/// them in order, so a batch costs one round trip instead of one per
/// request (each round trip is two syscalls and a wakeup, which dominated a
/// pod attach once the veth itself was created in one message). Every
/// request is answered even when an earlier one failed, so callers order a
/// batch such that a failure cannot make a later request touch something
/// that is not ours, and roll back on the first error.
class Batch {
 public:
  /// Adds a request; failures name `stage`, `object` and `what`. `exist_ok`:
  /// EEXIST counts as success.
  void add(Msg msg, std::string stage, std::string object, std::string what, bool exist_ok = false);
  /// Sends every request, waits for every answer, hands each reply that is
  /// not an acknowledgement (an echoed RTM_NEWLINK, say) to `on_reply`, and
  /// returns the first failure. Does not disturb libnl's own sequence
  /// numbers on `sk`, so the socket stays usable for synchronous calls.
  Result<void> run(nl_sock* sk, const std::function<void(nl_msg*)>& on_reply = {});

 private:
  struct Request {
    Msg msg;
    std::string stage, object, what;
    bool exist_ok = false;
    uint32_t seq = 0;
    bool answered = false;
  };
  std::vector<Request> requests_;
};

/// RTM_NEWLINK on an existing interface: bring it up and/or set the MTU
/// and/or the alias (each only when given).
Result<void> set_link(nl_sock* sk, int ifindex, bool up, std::optional<unsigned> mtu,
                      std::optional<std::string_view> alias, std::string stage, std::string object);

/// The request set_hairpin() sends.
Result<Msg> set_hairpin_msg(int ifindex, bool on, const std::string& object);
/// RTM_NEWLINK that stops the kernel from generating an IPv6 link-local
/// address on `ifindex` (IFLA_INET6_ADDR_GEN_MODE none): sent before the
/// interface comes up, it never sends DAD, router or MLD solicitations.
Result<Msg> no_link_local_msg(int ifindex, const std::string& object);
/// Turns IPv6 off on the interface `ifname` of the calling thread's network
/// namespace (/proc/sys/net/ipv6/conf/<ifname>/disable_ipv6 = 1): no
/// addresses, no routes, no packets. Success when the kernel has no IPv6.
Result<void> disable_ipv6(const std::string& ifname, const std::string& stage);
/// Sets a bridge port's hairpin mode (IFLA_BRPORT_MODE through AF_BRIDGE).
Result<void> set_hairpin(nl_sock* sk, int ifindex, bool on, std::string object);

/// Deletes the interface `ifindex`. ENODEV is
/// success (already gone).
Result<void> delete_link(nl_sock* sk, int ifindex, std::string object);

/// Adds `ip/prefix_len` to `ifindex`; IPv6 addresses get IFA_F_NODAD.
/// `exist_ok`: EEXIST is success.
Result<void> add_address(nl_sock* sk, int ifindex, const IpAddress& ip, int prefix_len,
                         bool exist_ok, std::string object);

/// Adds the default route of `gateway`'s family via `gateway` on `ifindex`.
Result<void> add_default_route(nl_sock* sk, int ifindex, const IpAddress& gateway,
                               std::string object);

/// Dumps `msgtype` (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE) for `family`
/// and calls `visit` on each parsed object once the dump is complete. A dump
/// the kernel marks interrupted (NLM_F_DUMP_INTR: the table changed
/// meanwhile) is thrown away and repeated, at most `kMaxDumpAttempts` times.
inline constexpr int kMaxDumpAttempts = 10;
Result<void> dump(nl_sock* sk, int msgtype, int family,
                  const std::function<void(nl_object*)>& visit, std::string stage);

}  // namespace podcore::net::nl
