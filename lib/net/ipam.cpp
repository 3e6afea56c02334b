#include "net/ipam.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>

#include "base/file.hpp"
#include "base/unique_fd.hpp"

namespace podcore::net {
namespace {

using u128 = unsigned __int128;
constexpr std::string_view kStage = "net.ipam";
constexpr auto kLockTimeout = std::chrono::seconds(30);

Result<void> mkdir_p(const std::string& path) {
  std::string cur;
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    cur = path.substr(0, pos);
    if (cur.empty()) continue;
    if (::mkdir(cur.c_str(), 0700) != 0 && errno != EEXIST) {
      return fail_errno(errno, std::string(kStage), cur, "cannot create the lease directory");
    }
  }
  return {};
}

// Writes a small file with O_EXCL: EEXIST tells the caller the name is taken.
int create_exclusive(const std::string& path, std::string_view data) {
  unique_fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd) return errno;
  if (::write(fd.get(), data.data(), data.size()) != static_cast<ssize_t>(data.size())) {
    int err = errno == 0 ? EIO : errno;
    ::unlink(path.c_str());
    return err;
  }
  return 0;
}

// Overwrites a small file in place (callers hold the lock, so nobody reads a
// half-written one; the content is a hint anyway). Not O_TRUNC: on ext4 a
// truncate to zero followed by a write makes close() start writeback
// (auto_da_alloc), which cost ~2.5 ms per lease here; shrinking to the new
// length afterwards does not.
Result<void> overwrite(const std::string& path, std::string_view data) {
  unique_fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  if (!fd || ::pwrite(fd.get(), data.data(), data.size(), 0) != static_cast<ssize_t>(data.size()) ||
      ::ftruncate(fd.get(), static_cast<off_t>(data.size())) != 0) {
    return fail_errno(errno, std::string(kStage), path, "cannot write");
  }
  return {};
}

std::string first_line(std::string_view text) {
  auto nl = text.find('\n');
  return std::string(text.substr(0, nl));
}

}  // namespace

bool valid_pod_uid(std::string_view uid) noexcept {
  if (uid.empty() || uid.size() > 128 || uid == "." || uid == "..") return false;
  for (char c : uid) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Result<Ipam> Ipam::open(std::string dir, IpRange v4, std::optional<IpRange> v6) {
  if (!v4.subnet.address.is_v4() || v4.subnet.prefix_len > 30) {
    return fail(ErrorCode::kInvalid, std::string(kStage), "need an IPv4 subnet of /30 or larger",
                v4.subnet.to_string());
  }
  if (!v4.subnet.contains(v4.gateway)) {
    return fail(ErrorCode::kInvalid, std::string(kStage),
                "gateway " + v4.gateway.to_string() + " is outside the subnet",
                v4.subnet.to_string());
  }
  if (v6) {
    if (!v6->subnet.address.is_v6() || v6->subnet.prefix_len > 126) {
      return fail(ErrorCode::kInvalid, std::string(kStage), "need an IPv6 subnet of /126 or larger",
                  v6->subnet.to_string());
    }
    if (!v6->subnet.contains(v6->gateway)) {
      return fail(ErrorCode::kInvalid, std::string(kStage),
                  "gateway " + v6->gateway.to_string() + " is outside the subnet",
                  v6->subnet.to_string());
    }
  }
  if (auto r = mkdir_p(dir + "/pods"); !r) return std::unexpected(r.error());
  return Ipam(std::move(dir), std::move(v4), std::move(v6));
}

Result<IpAddress> Ipam::allocate_in(const IpRange& range, int slot, std::string_view uid,
                                    std::string_view ifname) {
  const IpSubnet& net = range.subnet;
  const bool v4 = net.address.is_v4();
  // Usable host offsets: 1 .. size-2 for IPv4 (no network, no broadcast),
  // 1 .. size-1 for IPv6 (no subnet-router anycast at offset 0).
  const u128 first = 1;
  const u128 last = v4 ? net.size() - 2 : net.size() - 1;
  const u128 count = last - first + 1;

  const std::string last_path = dir_ + "/last_reserved_ip." + std::to_string(slot);
  u128 start = first;
  if (auto prev = read_file(last_path)) {
    if (auto ip = IpAddress::parse(first_line(*prev)); ip && net.contains(*ip)) {
      u128 off = net.offset_of(*ip);
      if (off >= first && off < last) start = off + 1;
    }
  }
  const std::string content = std::string(uid) + "\n" + std::string(ifname) + "\n";
  for (u128 i = 0; i < count; ++i) {
    u128 off = first + (start - first + i) % count;
    IpAddress ip = net.nth(off);
    if (ip == range.gateway) continue;
    std::string text = ip.to_string();
    int err = create_exclusive(dir_ + "/" + text, content);
    if (err == EEXIST) continue;
    if (err != 0) return fail_errno(err, std::string(kStage), dir_ + "/" + text, "cannot lease");
    if (auto r = overwrite(last_path, text + "\n"); !r) {
      ::unlink((dir_ + "/" + text).c_str());
      return std::unexpected(r.error());
    }
    return ip;
  }
  return fail(ErrorCode::kBusy, std::string(kStage),
              "no free address left in subnet " + net.to_string(), dir_);
}

Result<IpLease> Ipam::allocate(std::string_view pod_uid, std::string_view ifname) {
  if (!valid_pod_uid(pod_uid)) {
    return fail(ErrorCode::kInvalid, std::string(kStage), "malformed pod UID",
                std::string(pod_uid));
  }
  auto lock = FileLock::acquire(dir_ + "/lock", FileLock::Mode::kExclusive, kLockTimeout);
  if (!lock) return std::unexpected(lock.error());

  const std::string index = dir_ + "/pods/" + std::string(pod_uid);
  if (auto existing = read_file(index)) {
    IpLease lease;
    size_t pos = 0;
    while (pos < existing->size()) {
      auto nl = existing->find('\n', pos);
      auto ip = IpAddress::parse(std::string_view(*existing).substr(pos, nl - pos));
      pos = nl == std::string::npos ? existing->size() : nl + 1;
      if (!ip) continue;
      if (ip->is_v4()) lease.ipv4 = *ip;
      if (ip->is_v6()) lease.ipv6 = *ip;
    }
    lease.existing = true;
    if (lease.ipv4.is_v4() && (!v6_ || lease.ipv6)) return lease;
    // A partial index (crash mid-allocation): start over for this pod.
    if (auto r = release_locked(pod_uid); !r) return std::unexpected(r.error());
  }

  IpLease lease;
  auto ip4 = allocate_in(v4_, 0, pod_uid, ifname);
  if (!ip4) return std::unexpected(ip4.error());
  lease.ipv4 = *ip4;
  std::string listing = ip4->to_string() + "\n";
  if (v6_) {
    auto ip6 = allocate_in(*v6_, 1, pod_uid, ifname);
    if (!ip6) {
      ::unlink((dir_ + "/" + ip4->to_string()).c_str());
      return std::unexpected(ip6.error());
    }
    lease.ipv6 = *ip6;
    listing += ip6->to_string() + "\n";
  }
  if (auto r = overwrite(index, listing); !r) {
    ::unlink((dir_ + "/" + lease.ipv4.to_string()).c_str());
    if (lease.ipv6) ::unlink((dir_ + "/" + lease.ipv6->to_string()).c_str());
    return std::unexpected(r.error());
  }
  return lease;
}

Result<void> Ipam::release_locked(std::string_view uid) {
  const std::string index = dir_ + "/pods/" + std::string(uid);
  auto listing = read_file(index);
  std::vector<std::string> ips;
  if (listing) {
    size_t pos = 0;
    while (pos < listing->size()) {
      auto nl = listing->find('\n', pos);
      if (nl == std::string::npos) nl = listing->size();
      if (nl > pos) ips.emplace_back(listing->substr(pos, nl - pos));
      pos = nl + 1;
    }
  } else {
    // No index: a crash between the writes, or an old layout. Scan.
    auto all = list();
    if (!all) return std::unexpected(all.error());
    for (const auto& rec : *all) {
      if (rec.pod_uid == uid) ips.push_back(rec.ip.to_string());
    }
  }
  for (const auto& ip : ips) {
    // Only remove a file that still names this pod: never someone else's.
    const std::string path = dir_ + "/" + ip;
    auto owner = read_file(path);
    if (!owner || first_line(*owner) != uid) continue;
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return fail_errno(errno, std::string(kStage), path, "cannot release the lease");
    }
  }
  if (::unlink(index.c_str()) != 0 && errno != ENOENT) {
    return fail_errno(errno, std::string(kStage), index, "cannot remove the pod's lease index");
  }
  return {};
}

Result<void> Ipam::release(std::string_view pod_uid) {
  if (!valid_pod_uid(pod_uid)) {
    return fail(ErrorCode::kInvalid, std::string(kStage), "malformed pod UID",
                std::string(pod_uid));
  }
  auto lock = FileLock::acquire(dir_ + "/lock", FileLock::Mode::kExclusive, kLockTimeout);
  if (!lock) return std::unexpected(lock.error());
  return release_locked(pod_uid);
}

Result<std::vector<LeaseRecord>> Ipam::list() const {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(dir_.c_str()), ::closedir);
  if (!dir) return fail_errno(errno, std::string(kStage), dir_, "cannot list leases");
  std::vector<LeaseRecord> out;
  while (dirent* ent = ::readdir(dir.get())) {
    auto ip = IpAddress::parse(ent->d_name);
    if (!ip) continue;  // lock, last_reserved_ip.*, pods/
    auto content = read_file(dir_ + "/" + ent->d_name);
    if (!content) continue;  // released meanwhile
    LeaseRecord rec{*ip, first_line(*content), {}};
    auto nl = content->find('\n');
    if (nl != std::string::npos) rec.ifname = first_line(std::string_view(*content).substr(nl + 1));
    out.push_back(std::move(rec));
  }
  return out;
}

Result<std::vector<std::string>> Ipam::gc(const std::set<std::string, std::less<>>& live_uids) {
  auto lock = FileLock::acquire(dir_ + "/lock", FileLock::Mode::kExclusive, kLockTimeout);
  if (!lock) return std::unexpected(lock.error());
  auto all = list();
  if (!all) return std::unexpected(all.error());
  std::set<std::string> dead;
  for (const auto& rec : *all) {
    if (!live_uids.contains(rec.pod_uid)) dead.insert(rec.pod_uid);
  }
  // Index files whose addresses are all gone already.
  if (std::unique_ptr<DIR, int (*)(DIR*)> pods(::opendir((dir_ + "/pods").c_str()), ::closedir);
      pods) {
    while (dirent* ent = ::readdir(pods.get())) {
      std::string_view name = ent->d_name;
      if (valid_pod_uid(name) && !live_uids.contains(name)) dead.emplace(name);
    }
  }
  std::vector<std::string> released;
  for (const auto& uid : dead) {
    if (!valid_pod_uid(uid)) {
      // A lease file with a garbled owner: remove those files directly.
      for (const auto& rec : *all) {
        if (rec.pod_uid == uid) ::unlink((dir_ + "/" + rec.ip.to_string()).c_str());
      }
    } else if (auto r = release_locked(uid); !r) {
      return std::unexpected(r.error());
    }
    released.push_back(uid);
  }
  return released;
}

}  // namespace podcore::net
