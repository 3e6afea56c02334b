#include "cgroup/cgfs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <thread>

#include "base/clock.hpp"
#include "base/unique_fd.hpp"

namespace podcore::cgroup::fs {

Result<void> write(const std::string& path, std::string_view value, const char* stage) {
  unique_fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return fail_errno(errno, stage, path, "open for writing");
  const ssize_t n = ::write(fd.get(), value.data(), value.size());
  if (n < 0) return fail_errno(errno, stage, path, "write \"" + std::string(value) + "\"");
  return {};
}

Result<std::string> read(const std::string& path, const char* stage) {
  unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return fail_errno(errno, stage, path, "open for reading");
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_errno(errno, stage, path, "read");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

namespace {
std::optional<int64_t> parse_int(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  if (s == "max") return -1;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}
}  // namespace

Result<int64_t> read_int(const std::string& path, const char* stage) {
  auto text = read(path, stage);
  if (!text) return std::unexpected(text.error());
  auto v = parse_int(*text);
  if (!v) return fail(ErrorCode::kInternal, stage, "not an integer: \"" + *text + "\"", path);
  return *v;
}

std::optional<uint64_t> find_keyed(std::string_view text, std::string_view key) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == ' ') {
      std::string_view num = line.substr(key.size() + 1);
      uint64_t v = 0;
      auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
      if (ec == std::errc()) return v;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

Result<uint64_t> read_keyed(const std::string& path, std::string_view key, const char* stage) {
  auto text = read(path, stage);
  if (!text) return std::unexpected(text.error());
  return find_keyed(*text, key).value_or(0);
}

Result<bool> make_dir(const std::string& path, const char* stage) {
  if (::mkdir(path.c_str(), 0755) == 0) return true;
  if (errno == EEXIST) return false;
  return fail_errno(errno, stage, path, "mkdir");
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::vector<std::string> subdirs(const std::string& path) {
  std::vector<std::string> out;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return out;
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_type != DT_DIR) continue;
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    out.emplace_back(name);
  }
  ::closedir(dir);
  return out;
}

std::vector<pid_t> procs(const std::string& dir) {
  std::vector<pid_t> out;
  auto text = read(dir + "/cgroup.procs", "cgroup.procs");
  if (!text) return out;
  const char* p = text->data();
  const char* end = p + text->size();
  while (p < end) {
    pid_t pid = 0;
    auto [next, ec] = std::from_chars(p, end, pid);
    if (ec == std::errc()) out.push_back(pid);
    p = next;
    while (p < end && (*p == '\n' || *p == ' ')) ++p;
    if (ec != std::errc()) break;
  }
  return out;
}

Result<void> favor_dynmods(const char* stage) {
  // A name never used before: a hierarchy of the same name that is still
  // being destroyed (that takes a grace period or two) makes the kernel
  // answer EBUSY.
  static std::atomic<unsigned> calls{0};
  const std::string name = "podcore-favordynmods-" + std::to_string(::getpid()) + "-" +
                           std::to_string(calls.fetch_add(1));
  const std::string object = "cgroup hierarchy name=" + name;
  unique_fd ctx(::fsopen("cgroup", FSOPEN_CLOEXEC));
  if (!ctx) return fail_errno(errno, stage, object, "fsopen");
  auto set = [&](unsigned cmd, const char* key, const char* value) -> Result<void> {
    if (::fsconfig(ctx.get(), cmd, key, value, 0) == 0) return {};
    return fail_errno(errno, stage, object, std::string("fsconfig ") + (key ? key : "create"));
  };
  if (auto r = set(FSCONFIG_SET_FLAG, "none", nullptr); !r) return r;
  if (auto r = set(FSCONFIG_SET_STRING, "name", name.c_str()); !r) return r;
  if (auto r = set(FSCONFIG_SET_FLAG, "favordynmods", nullptr); !r) return r;
  // The hierarchy exists from here until `ctx` is closed: it has no
  // children, so the kernel destroys it with its superblock.
  return set(FSCONFIG_CMD_CREATE, nullptr, nullptr);
}

Result<void> remove_tree(const std::string& path, SteadyTime deadline, const char* stage) {
  std::chrono::milliseconds delay{1};
  for (;;) {
    if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return {};
    const int err = errno;
    if (err != EBUSY && err != ENOTEMPTY) return fail_errno(err, stage, path, "rmdir");
    // The kernel says EBUSY both for child cgroups and for live (or not yet
    // released) member tasks: remove the children first, then back off.
    bool had_children = false;
    for (const auto& child : subdirs(path)) {
      had_children = true;
      auto r = remove_tree(path + "/" + child, deadline, stage);
      if (!r) return r;
    }
    if (had_children) continue;
    if (steady_now() + delay > deadline) {
      Error e = fail_errno(err, stage, path, "rmdir: still busy after retries").error();
      e.code = ErrorCode::kBusy;
      return std::unexpected(std::move(e));
    }
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds{50});
  }
}

}  // namespace podcore::cgroup::fs
