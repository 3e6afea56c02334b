#include "net/netlink.hpp"

#include <fcntl.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/rtnl.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "base/unique_fd.hpp"

namespace podcore::net::nl {

int to_errno(int nl_error) noexcept {
  switch (nl_error < 0 ? -nl_error : nl_error) {
    case NLE_EXIST: return EEXIST;
    case NLE_NODEV: return ENODEV;
    case NLE_OBJ_NOTFOUND: return ENOENT;
    case NLE_PERM: return EPERM;
    case NLE_NOACCESS: return EACCES;
    case NLE_BUSY: return EBUSY;
    case NLE_INVAL: return EINVAL;
    case NLE_RANGE: return ERANGE;
    case NLE_AGAIN: return EAGAIN;
    case NLE_NOMEM: return ENOMEM;
    case NLE_OPNOTSUPP: return EOPNOTSUPP;
    case NLE_AF_NOSUPPORT: return EAFNOSUPPORT;
    case NLE_NOADDR: return EADDRNOTAVAIL;
    case NLE_MSGSIZE: return EMSGSIZE;
    case NLE_BAD_SOCK: return EBADF;
    case NLE_INTR: return EINTR;
    default: return 0;
  }
}

std::unexpected<Error> failure(int nl_error, std::string stage, std::string object,
                               std::string message) {
  int err = to_errno(nl_error);
  if (err != 0) {
    return fail_errno(err, std::move(stage), std::move(object), std::move(message));
  }
  return fail(ErrorCode::kSystem, std::move(stage),
              std::move(message) + ": " + nl_geterror(nl_error), std::move(object));
}

Result<Sock> connect(std::string_view object) {
  Sock sk(nl_socket_alloc());
  if (!sk) return fail_errno(ENOMEM, "net.netlink", std::string(object), "nl_socket_alloc");
  if (int err = nl_connect(sk.get(), NETLINK_ROUTE); err < 0) {
    return failure(err, "net.netlink", std::string(object), "cannot open an rtnetlink socket");
  }
  return sk;
}

std::string describe_netns(int netns_fd) {
  // What readlink of /proc/self/fd/N shows, from fstat: nsfs numbers a
  // namespace by its inode. A readlink walks procfs (~35 us per attach).
  std::string out = "netns fd " + std::to_string(netns_fd);
  struct stat st {};
  if (::fstat(netns_fd, &st) == 0) out += " (net:[" + std::to_string(st.st_ino) + "])";
  return out;
}

Result<Sock> connect_in_netns(int netns_fd, std::string_view object) {
  // The calling thread enters the pod's namespace just long enough to make
  // the socket (a socket keeps the namespace it was made in) and returns.
  // Measured here: ~12 us, against ~57 us for a helper thread on a quiet
  // machine and milliseconds on a loaded one (the join waits for a time
  // slice). setns(CLONE_NEWNET) changes only the calling thread.
  unique_fd self(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!self) {
    return fail_errno(errno, "net.netns", "/proc/thread-self/ns/net",
                      "cannot open this thread's network namespace");
  }
  if (::setns(netns_fd, CLONE_NEWNET) != 0) {
    return fail_errno(errno, "net.netns", describe_netns(netns_fd),
                      "cannot enter the pod network namespace");
  }
  auto sk = connect(object);
  if (::setns(self.get(), CLONE_NEWNET) != 0) {
    // We hold an fd of the namespace we came from, so this cannot fail
    // short of the kernel running out of memory. Carrying on would run the
    // caller's code, and the host's configuration, in the pod's namespace.
    std::fprintf(stderr, "podcore: cannot return to the original network namespace: %s\n",
                 std::strerror(errno));
    std::abort();
  }
  return sk;
}

NlAddr to_nl_addr(const IpAddress& ip, int prefix_len) {
  NlAddr a(nl_addr_build(ip.family, ip.bytes.data(), static_cast<size_t>(ip.size())));
  if (a) nl_addr_set_prefixlen(a.get(), prefix_len);
  return a;
}

IpAddress from_nl_addr(const nl_addr* addr) {
  IpAddress ip;
  if (addr == nullptr) return ip;
  int family = nl_addr_get_family(addr);
  unsigned len = nl_addr_get_len(addr);
  if ((family == AF_INET && len == 4) || (family == AF_INET6 && len == 16)) {
    ip.family = family;
    const auto* bytes = static_cast<const std::uint8_t*>(nl_addr_get_binary_addr(addr));
    std::copy(bytes, bytes + len, ip.bytes.begin());
  }
  return ip;
}

Result<Link> get_link(nl_sock* sk, std::string_view name, std::string_view stage) {
  rtnl_link* raw = nullptr;
  std::string n(name);
  int err = rtnl_link_get_kernel(sk, 0, n.c_str(), &raw);
  if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV) return Link{};
  if (err < 0) return failure(err, std::string(stage), n, "cannot look up the interface");
  return Link(raw);
}

namespace {

Result<Msg> link_msg(int type, int family, int ifindex, unsigned flags, unsigned change,
                     const std::string& stage, const std::string& object) {
  Msg msg(nlmsg_alloc_simple(type, 0));
  ifinfomsg ifi{};
  ifi.ifi_family = static_cast<unsigned char>(family);
  ifi.ifi_index = ifindex;
  ifi.ifi_flags = flags;
  ifi.ifi_change = change;
  if (!msg || nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0) {
    return fail_errno(ENOMEM, stage, object, "cannot build a netlink message");
  }
  return msg;
}

// Sends `msg` and waits for the kernel's acknowledgement.
Result<void> send_sync(nl_sock* sk, Msg msg, const std::string& stage, const std::string& object,
                       const std::string& what) {
  int err = nl_send_sync(sk, msg.release());  // frees the message
  if (err < 0) return failure(err, stage, object, what);
  return {};
}

}  // namespace

Result<Msg> set_link_msg(int ifindex, std::string_view name, bool up, std::optional<unsigned> mtu,
                         std::optional<std::string_view> alias, const std::string& stage,
                         const std::string& object) {
  // By index: RTM_NEWLINK, as libnl sends it. By name: RTM_SETLINK, the
  // request that looks an interface up by IFLA_IFNAME.
  auto msg = link_msg(ifindex > 0 ? RTM_NEWLINK : RTM_SETLINK, AF_UNSPEC, ifindex, up ? IFF_UP : 0,
                      up ? IFF_UP : 0, stage, object);
  if (!msg) return msg;
  auto put_string = [&](int type, std::string_view value) {
    std::string v(value);
    return nla_put_string(msg->get(), type, v.c_str()) >= 0;
  };
  if ((ifindex <= 0 && !put_string(IFLA_IFNAME, name)) ||
      (mtu && nla_put_u32(msg->get(), IFLA_MTU, *mtu) < 0) ||
      (alias && !put_string(IFLA_IFALIAS, *alias))) {
    return fail_errno(EMSGSIZE, stage, object, "cannot build a netlink message");
  }
  return msg;
}

Result<void> set_link(nl_sock* sk, int ifindex, bool up, std::optional<unsigned> mtu,
                      std::optional<std::string_view> alias, std::string stage,
                      std::string object) {
  auto msg = set_link_msg(ifindex, {}, up, mtu, alias, stage, object);
  if (!msg) return std::unexpected(msg.error());
  return send_sync(sk, std::move(*msg), stage, object, "cannot change the interface");
}

Result<Msg> set_hairpin_msg(int ifindex, bool on, const std::string& object) {
  const std::string stage = "net.hairpin";
  auto msg = link_msg(RTM_SETLINK, AF_BRIDGE, ifindex, 0, 0, stage, object);
  if (!msg) return msg;
  nlattr* nest = nla_nest_start(msg->get(), IFLA_PROTINFO | NLA_F_NESTED);
  if (nest == nullptr || nla_put_u8(msg->get(), IFLA_BRPORT_MODE, on ? 1 : 0) < 0) {
    return fail_errno(EMSGSIZE, stage, object, "cannot build a netlink message");
  }
  nla_nest_end(msg->get(), nest);
  return msg;
}

Result<Msg> no_link_local_msg(int ifindex, const std::string& object) {
  const std::string stage = "net.pod_link";
  auto msg = link_msg(RTM_NEWLINK, AF_UNSPEC, ifindex, 0, 0, stage, object);
  if (!msg) return msg;
  nlattr* spec = nla_nest_start(msg->get(), IFLA_AF_SPEC);
  nlattr* inet6 = spec ? nla_nest_start(msg->get(), AF_INET6) : nullptr;
  if (inet6 == nullptr ||
      nla_put_u8(msg->get(), IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE) < 0) {
    return fail_errno(EMSGSIZE, stage, object, "cannot build a netlink message");
  }
  nla_nest_end(msg->get(), inet6);
  nla_nest_end(msg->get(), spec);
  return msg;
}

Result<void> disable_ipv6(const std::string& ifname, const std::string& stage) {
  const std::string path = "/proc/sys/net/ipv6/conf/" + ifname + "/disable_ipv6";
  unique_fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  // Missing with no IPv6 in this kernel (then the whole sysctl directory is).
  if (!fd && errno == ENOENT && ::access("/proc/sys/net/ipv6", F_OK) != 0) return {};
  if (!fd || ::write(fd.get(), "1", 1) != 1)
    return fail_errno(errno, stage, ifname, "cannot turn IPv6 off (" + path + ")");
  return {};
}

Result<void> set_hairpin(nl_sock* sk, int ifindex, bool on, std::string object) {
  auto msg = set_hairpin_msg(ifindex, on, object);
  if (!msg) return std::unexpected(msg.error());
  return send_sync(sk, std::move(*msg), "net.hairpin", object,
                   "cannot set the bridge port hairpin mode");
}

Result<void> delete_link(nl_sock* sk, int ifindex, std::string object) {
  const std::string stage = "net.veth";
  auto msg = link_msg(RTM_DELLINK, AF_UNSPEC, ifindex, 0, 0, stage, object);
  if (!msg) return std::unexpected(msg.error());
  auto r = send_sync(sk, std::move(*msg), stage, object, "cannot delete the interface");
  if (!r && (r.error().sys_errno == ENODEV || r.error().sys_errno == ENOENT)) return {};
  return r;
}

Result<Msg> add_address_msg(int ifindex, const IpAddress& ip, int prefix_len,
                            const std::string& object) {
  const std::string stage = "net.address";
  Addr addr(rtnl_addr_alloc());
  NlAddr local = to_nl_addr(ip, prefix_len);
  if (!addr || !local) return fail_errno(ENOMEM, stage, object, "rtnl_addr_alloc");
  rtnl_addr_set_ifindex(addr.get(), ifindex);
  rtnl_addr_set_family(addr.get(), ip.family);
  if (int err = rtnl_addr_set_local(addr.get(), local.get()); err < 0) {
    return failure(err, stage, object, "bad address " + ip.to_string());
  }
  rtnl_addr_set_prefixlen(addr.get(), prefix_len);
  // Duplicate address detection would hold an IPv6 address "tentative" (and
  // unusable) for a second or more after the pod starts; the address comes
  // from our own lease file, so there is nothing to detect.
  if (ip.is_v6()) rtnl_addr_set_flags(addr.get(), IFA_F_NODAD);
  nl_msg* raw = nullptr;
  if (int err = rtnl_addr_build_add_request(addr.get(), 0, &raw); err < 0) {
    return failure(err, stage, object, "cannot build a netlink message");
  }
  return Msg(raw);
}

Result<void> add_address(nl_sock* sk, int ifindex, const IpAddress& ip, int prefix_len,
                         bool exist_ok, std::string object) {
  auto msg = add_address_msg(ifindex, ip, prefix_len, object);
  if (!msg) return std::unexpected(msg.error());
  Batch one;
  one.add(std::move(*msg), "net.address", object,
          "cannot add address " + ip.to_string() + "/" + std::to_string(prefix_len), exist_ok);
  return one.run(sk);
}

Result<Msg> add_default_route_msg(int ifindex, const IpAddress& gateway,
                                  const std::string& object) {
  const std::string stage = "net.route";
  Route route(rtnl_route_alloc());
  IpAddress any;
  any.family = gateway.family;
  NlAddr dst = to_nl_addr(any, 0);
  NlAddr gw = to_nl_addr(gateway, gateway.size() * 8);
  rtnl_nexthop* nh = rtnl_route_nh_alloc();
  if (!route || !dst || !gw || nh == nullptr) {
    if (nh != nullptr) rtnl_route_nh_free(nh);
    return fail_errno(ENOMEM, stage, object, "rtnl_route_alloc");
  }
  rtnl_route_set_family(route.get(), static_cast<uint8_t>(gateway.family));
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  rtnl_route_set_scope(route.get(), RT_SCOPE_UNIVERSE);
  rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
  rtnl_route_set_type(route.get(), RTN_UNICAST);
  if (int err = rtnl_route_set_dst(route.get(), dst.get()); err < 0) {
    rtnl_route_nh_free(nh);
    return failure(err, stage, object, "bad route destination");
  }
  rtnl_route_nh_set_ifindex(nh, ifindex);
  rtnl_route_nh_set_gateway(nh, gw.get());
  rtnl_route_add_nexthop(route.get(), nh);  // the route owns it now
  nl_msg* raw = nullptr;
  if (int err = rtnl_route_build_add_request(route.get(), NLM_F_CREATE | NLM_F_EXCL, &raw);
      err < 0) {
    return failure(err, stage, object, "cannot build a netlink message");
  }
  return Msg(raw);
}

Result<void> add_default_route(nl_sock* sk, int ifindex, const IpAddress& gateway,
                               std::string object) {
  auto msg = add_default_route_msg(ifindex, gateway, object);
  if (!msg) return std::unexpected(msg.error());
  return send_sync(sk, std::move(*msg), "net.route", object,
                   "cannot add the default route via " + gateway.to_string());
}

namespace {

void keep_link(nl_object* obj, void* arg) {
  if (std::string_view(nl_object_get_type(obj)) != "route/link") return;
  nl_object_get(obj);
  static_cast<Link*>(arg)->reset(reinterpret_cast<rtnl_link*>(obj));
}

}  // namespace

Link parse_link(nl_msg* msg) {
  Link link;
  nl_msg_parse(msg, &keep_link, &link);
  return link;
}

void Batch::add(Msg msg, std::string stage, std::string object, std::string what, bool exist_ok) {
  requests_.push_back(
      Request{std::move(msg), std::move(stage), std::move(object), std::move(what), exist_ok});
}

Result<void> Batch::run(nl_sock* sk, const std::function<void(nl_msg*)>& on_reply) {
  // Our own sequence numbers, well away from libnl's (which start at the
  // time of day): libnl checks the ones it hands out, and every answer to
  // ours is read here, so its bookkeeping on `sk` stays exact.
  static std::atomic<uint32_t> next_seq{1};
  const int fd = nl_socket_get_fd(sk);
  std::vector<char> out;
  for (auto& r : requests_) {
    nlmsghdr* h = nlmsg_hdr(r.msg.get());
    h->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    h->nlmsg_seq = r.seq = next_seq.fetch_add(1, std::memory_order_relaxed);
    h->nlmsg_pid = nl_socket_get_local_port(sk);
    const size_t at = out.size();
    out.resize(at + NLMSG_ALIGN(h->nlmsg_len));
    std::memcpy(out.data() + at, h, h->nlmsg_len);
  }
  const std::string& object0 = requests_.empty() ? std::string() : requests_.front().object;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent;
  do {
    sent = ::sendto(fd, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
                    sizeof kernel);
  } while (sent < 0 && errno == EINTR);
  if (sent != static_cast<ssize_t>(out.size())) {
    return fail_errno(sent < 0 ? errno : EIO, requests_.front().stage, object0,
                      "cannot send to rtnetlink");
  }
  std::optional<Error> first;
  size_t pending = requests_.size();
  // Not zero-filled: recv() writes what is read, and only that is parsed.
  constexpr size_t kInSize = 64 * 1024;
  std::unique_ptr<char[]> in(new char[kInSize]);
  while (pending > 0) {
    ssize_t n = ::recv(fd, in.get(), kInSize, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail_errno(errno, requests_.front().stage, object0, "cannot read rtnetlink");
    auto left = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(in.get()); NLMSG_OK(h, left);
         h = NLMSG_NEXT(h, left)) {
      auto it = std::find_if(requests_.begin(), requests_.end(), [&](const Request& r) {
        return r.seq == h->nlmsg_seq && !r.answered;
      });
      if (it == requests_.end()) continue;  // not ours (a late answer to an abandoned request)
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
        it->answered = true;
        --pending;
        const int err = -e->error;
        if (err != 0 && !(err == EEXIST && it->exist_ok) && !first) {
          first = fail_errno(err, it->stage, it->object, it->what).error();
        }
      } else if (h->nlmsg_type >= NLMSG_MIN_TYPE && on_reply) {
        Msg reply(nlmsg_convert(h));
        if (!reply) continue;
        nlmsg_set_proto(reply.get(), NETLINK_ROUTE);  // lets nl_msg_parse() find the parser
        on_reply(reply.get());
      }
    }
  }
  requests_.clear();
  if (first) return std::unexpected(std::move(*first));
  return {};
}

namespace {

struct DumpState {
  std::vector<Object> objects;
};

void collect(nl_object* obj, void* arg) {
  nl_object_get(obj);
  static_cast<DumpState*>(arg)->objects.emplace_back(obj);
}

int on_valid(nl_msg* msg, void* arg) {
  // Parse errors of one message (an unknown family, say) only skip it.
  nl_msg_parse(msg, &collect, arg);
  return NL_OK;
}

}  // namespace

Result<void> dump(nl_sock* sk, int msgtype, int family,
                  const std::function<void(nl_object*)>& visit, std::string stage) {
  // nl_socket_get_cb() takes a reference: drop it once cloned.
  std::unique_ptr<nl_cb, void (*)(nl_cb*)> own(nl_socket_get_cb(sk), nl_cb_put);
  std::unique_ptr<nl_cb, void (*)(nl_cb*)> cb(nl_cb_clone(own.get()), nl_cb_put);
  if (!cb) return fail_errno(ENOMEM, stage, "rtnetlink", "nl_cb_clone");
  for (int attempt = 1;; ++attempt) {
    DumpState state;
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, &on_valid, &state);
    if (int err = nl_rtgen_request(sk, msgtype, family, NLM_F_DUMP); err < 0) {
      return failure(err, stage, "rtnetlink", "cannot request a dump");
    }
    int err = nl_recvmsgs(sk, cb.get());
    if (err == -NLE_DUMP_INTR) {
      // The kernel's table changed under the dump, so what we read may be
      // inconsistent. libnl has read to the end already; just ask again.
      if (attempt < kMaxDumpAttempts) continue;
      return fail(ErrorCode::kBusy, stage,
                  "netlink dump interrupted " + std::to_string(attempt) + " times in a row",
                  "rtnetlink");
    }
    if (err < 0) return failure(err, stage, "rtnetlink", "netlink dump failed");
    for (auto& obj : state.objects) visit(obj.get());
    return {};
  }
}

}  // namespace podcore::net::nl
