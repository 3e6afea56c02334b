#include "fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "base/random.hpp"

namespace podcore::net::test {

std::string random_hex(size_t n) {
  return random_string(n, "0123456789abcdef");
}
std::string new_pod_uid() {
  return new_uuid();
}

TestNetns::TestNetns() {
  std::thread t([this] {
    if (::unshare(CLONE_NEWNET) != 0) return;
    fd_.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  });
  t.join();
  if (!fd_) throw std::runtime_error("cannot make a network namespace");
}

void run_in_netns(int netns_fd, const std::function<void()>& fn) {
  std::thread t([&] {
    if (netns_fd >= 0 && ::setns(netns_fd, CLONE_NEWNET) != 0) {
      throw std::runtime_error("setns failed");
    }
    fn();
  });
  t.join();
}

unique_fd socket_in_netns(int netns_fd, int domain, int type) {
  unique_fd s;
  run_in_netns(netns_fd, [&] { s.reset(::socket(domain, type | SOCK_CLOEXEC, 0)); });
  return s;
}

namespace {

sockaddr_storage make_sockaddr(const IpAddress& ip, int port, socklen_t* len) {
  sockaddr_storage ss{};
  if (ip.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&sin->sin_addr, ip.bytes.data(), 4);
    *len = sizeof *sin;
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&sin6->sin6_addr, ip.bytes.data(), 16);
    *len = sizeof *sin6;
  }
  return ss;
}

void set_timeouts(int fd) {
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

unique_fd listen_on(int netns_fd, const IpAddress& ip, int port) {
  unique_fd s = socket_in_netns(netns_fd, ip.family, SOCK_STREAM);
  if (!s) return s;
  int one = 1;
  ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  socklen_t len = 0;
  auto sa = make_sockaddr(ip, port, &len);
  if (::bind(s.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0 || ::listen(s.get(), 8) != 0) {
    s.reset();
  }
  set_timeouts(s.get());
  return s;
}

std::string tcp_roundtrip(int listener, int client, const IpAddress& ip, int port) {
  if (listener < 0 || client < 0) return "no socket";
  set_timeouts(client);
  socklen_t len = 0;
  auto sa = make_sockaddr(ip, port, &len);
  if (::connect(client, reinterpret_cast<sockaddr*>(&sa), len) != 0) {
    return "connect to " + ip.to_string() + ": " + std::strerror(errno);
  }
  unique_fd conn(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
  if (!conn) return std::string("accept: ") + std::strerror(errno);
  set_timeouts(conn.get());
  if (::write(client, "ping\n", 5) != 5) return "write ping";
  char buf[8] = {};
  if (::read(conn.get(), buf, 5) != 5 || std::string(buf, 5) != "ping\n") return "read ping";
  if (::write(conn.get(), "pong\n", 5) != 5) return "write pong";
  if (::read(client, buf, 5) != 5 || std::string(buf, 5) != "pong\n") return "read pong";
  return "";
}

PodView view_in_netns(int netns_fd, const std::string& ifname) {
  PodView v;
  run_in_netns(netns_fd, [&] {
    unique_fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) != 0) return;
    v.exists = true;
    v.up = (ifr.ifr_flags & IFF_UP) != 0;
    if (::ioctl(s.get(), SIOCGIFMTU, &ifr) == 0) v.mtu = static_cast<unsigned>(ifr.ifr_mtu);
    if (::ioctl(s.get(), SIOCGIFHWADDR, &ifr) == 0) {
      std::array<std::uint8_t, 6> mac{};
      std::memcpy(mac.data(), ifr.ifr_hwaddr.sa_data, mac.size());
      v.mac = format_mac(mac);
    }
    if (::ioctl(s.get(), SIOCGIFADDR, &ifr) == 0) {
      char buf[INET_ADDRSTRLEN];
      auto* sin = reinterpret_cast<sockaddr_in*>(&ifr.ifr_addr);
      v.ipv4 = inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
    }
    std::ifstream route("/proc/thread-self/net/route");
    std::string line;
    std::getline(route, line);  // header
    while (std::getline(route, line)) {
      std::istringstream in(line);
      std::string iface, dst, gw;
      in >> iface >> dst >> gw;
      if (iface == ifname && dst == "00000000") {
        uint32_t raw = static_cast<uint32_t>(std::stoul(gw, nullptr, 16));
        char buf[INET_ADDRSTRLEN];
        v.default_gw4 = inet_ntop(AF_INET, &raw, buf, sizeof buf);
      }
    }
    std::ifstream inet6("/proc/thread-self/net/if_inet6");
    while (std::getline(inet6, line)) {
      std::istringstream in(line);
      std::string hex, idx, plen, scope, flags, name;
      in >> hex >> idx >> plen >> scope >> flags >> name;
      if (name == ifname && scope == "20") ++v.ipv6_link_local;
      if (name != ifname || scope != "00") continue;
      unsigned char bytes[16];
      for (int i = 0; i < 16; ++i) {
        bytes[i] = static_cast<unsigned char>(std::stoul(hex.substr(i * 2, 2), nullptr, 16));
      }
      char buf[INET6_ADDRSTRLEN];
      v.ipv6.emplace_back(inet_ntop(AF_INET6, bytes, buf, sizeof buf));
      v.ipv6_flags.push_back(static_cast<unsigned>(std::stoul(flags, nullptr, 16)));
    }
    std::ifstream route6("/proc/thread-self/net/ipv6_route");
    while (std::getline(route6, line)) {
      std::istringstream in(line);
      std::string dst, dlen, src, slen, nh, metric, ref, use, fl, name;
      in >> dst >> dlen >> src >> slen >> nh >> metric >> ref >> use >> fl >> name;
      if (name == ifname && dlen == "00" && dst == std::string(32, '0') &&
          nh != std::string(32, '0')) {
        v.default_route6 = true;
      }
    }
  });
  return v;
}

bool host_link_exists(const std::string& name) {
  return std::filesystem::exists("/sys/class/net/" + name);
}

namespace {
std::string read_trimmed(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return trim(ss.str());
}
}  // namespace

std::string host_sysfs(const std::string& name, const std::string& file) {
  return read_trimmed("/sys/class/net/" + name + "/" + file);
}

std::string host_ipv6_disabled(const std::string& name) {
  return read_trimmed("/proc/sys/net/ipv6/conf/" + name + "/disable_ipv6");
}

bool wait_link_gone(const std::string& name, int ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (host_link_exists(name)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

namespace {

struct SockDel {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
std::unique_ptr<nl_sock, SockDel> host_nl() {
  std::unique_ptr<nl_sock, SockDel> sk(nl_socket_alloc());
  if (!sk || nl_connect(sk.get(), NETLINK_ROUTE) < 0) throw std::runtime_error("nl_connect");
  return sk;
}

}  // namespace

std::pair<unsigned, unsigned> host_link_queues(const std::string& name) {
  auto sk = host_nl();
  rtnl_link* got = nullptr;
  if (rtnl_link_get_kernel(sk.get(), 0, name.c_str(), &got) < 0) return {0, 0};
  std::pair<unsigned, unsigned> q{rtnl_link_get_num_tx_queues(got),
                                  rtnl_link_get_num_rx_queues(got)};
  rtnl_link_put(got);
  return q;
}

void delete_host_link(const std::string& name) {
  auto sk = host_nl();
  rtnl_link* link = rtnl_link_alloc();
  rtnl_link_set_name(link, name.c_str());
  rtnl_link_delete(sk.get(), link);
  rtnl_link_put(link);
}

ForeignLink::ForeignLink(std::string name, std::string alias, std::optional<std::string> cidr)
    : name_(std::move(name)) {
  auto sk = host_nl();
  rtnl_link* link = rtnl_link_veth_alloc();
  rtnl_link_set_name(link, name_.c_str());
  rtnl_link* peer = rtnl_link_veth_get_peer(link);
  rtnl_link_set_name(peer, "foreign0");
  rtnl_link_set_ns_fd(peer, peer_ns_.fd());
  rtnl_link_put(peer);
  int err = rtnl_link_add(sk.get(), link, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_put(link);
  if (err < 0) throw std::runtime_error("cannot create veth " + name_);
  rtnl_link* got = nullptr;
  if (rtnl_link_get_kernel(sk.get(), 0, name_.c_str(), &got) < 0) {
    throw std::runtime_error("dummy vanished");
  }
  int idx = rtnl_link_get_ifindex(got);
  if (!alias.empty()) {
    rtnl_link* change = rtnl_link_alloc();
    rtnl_link_set_ifalias(change, alias.c_str());
    rtnl_link_change(sk.get(), got, change, 0);
    rtnl_link_put(change);
  }
  rtnl_link_put(got);
  if (cidr) {
    nl_addr* local = nullptr;
    nl_addr_parse(cidr->c_str(), AF_INET, &local);
    rtnl_addr* addr = rtnl_addr_alloc();
    rtnl_addr_set_ifindex(addr, idx);
    rtnl_addr_set_local(addr, local);
    err = rtnl_addr_add(sk.get(), addr, 0);
    rtnl_addr_put(addr);
    nl_addr_put(local);
    if (err < 0) throw std::runtime_error("cannot add " + *cidr + " to " + name_);
  }
}

ForeignLink::~ForeignLink() {
  delete_host_link(name_);
}

TestNetwork::TestNetwork(Options options) {
  char tmpl[] = "/tmp/podcore-net-test-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
  state_dir_ = tmpl;
  for (int attempt = 0; attempt < 20; ++attempt) {
    NetworkConfig cfg;
    cfg.name = "t" + random_hex(8);
    cfg.bridge = "pct" + random_hex(8);
    unsigned r = static_cast<unsigned>(std::stoul(random_hex(4), nullptr, 16));
    std::string base = (r & 1) ? "10.199." + std::to_string((r >> 1) % 256)
                               : "172.31." + std::to_string((r >> 1) % 256);
    // A /24 (or smaller) at the start of the /24 chosen.
    cfg.subnet = base + ".0/" + std::to_string(options.prefix_len);
    if (options.ipv6) cfg.subnet6 = "fd00:" + random_hex(4) + ":" + random_hex(4) + "::/64";
    cfg.mtu = options.mtu;
    cfg.hairpin = options.hairpin;
    cfg.fault_step = options.fault_step;
    cfg.no_echo = options.no_echo;
    cfg.state_dir = state_dir_;
    auto net = Network::open(cfg);
    if (!net) throw std::runtime_error(net.error().to_string());
    auto ok = (*net)->ensure_bridge();
    if (!ok) {
      delete_host_link(cfg.bridge);  // overlap found: try another subnet
      if (ok.error().message.find("overlaps") != std::string::npos) continue;
      throw std::runtime_error(ok.error().to_string());
    }
    config_ = cfg;
    net_ = std::move(*net);
    return;
  }
  throw std::runtime_error("no free test subnet found");
}

TestNetwork::~TestNetwork() {
  if (net_) {
    net_->flush();
    (void)net_->reconcile({});  // every veth of this network
    net_.reset();
  }
  if (!config_.bridge.empty()) delete_host_link(config_.bridge);
  std::error_code ec;
  std::filesystem::remove_all(state_dir_, ec);
}

std::unique_ptr<Network> TestNetwork::open_another(int fault_step) {
  NetworkConfig cfg = config_;
  cfg.fault_step = fault_step;
  auto net = Network::open(cfg);
  if (!net) throw std::runtime_error(net.error().to_string());
  return std::move(*net);
}

std::string TestNetwork::lease_dir() const {
  return state_dir_ + "/ipam/" + config_.name;
}

}  // namespace podcore::net::test
