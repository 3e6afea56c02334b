#include "base/file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <thread>

#include "base/clock.hpp"

namespace podcore {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Result<void> write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_errno(errno, "base.write_file", path, "write");
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  unique_fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return fail_errno(errno, "base.read_file", path, "open");
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_errno(errno, "base.read_file", path, "read");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<void> write_file_atomic(const std::string& path, std::string_view data, unsigned mode,
                               Sync sync) {
  std::string dir = dir_of(path);
  std::string tmp_template = path + ".tmp.XXXXXX";
  int raw = ::mkostemp(tmp_template.data(), O_CLOEXEC);
  if (raw < 0) return fail_errno(errno, "base.write_file", path, "create temporary file");
  unique_fd fd(raw);
  bool committed = false;
  struct Cleanup {
    const std::string& tmp;
    bool& committed;
    ~Cleanup() {
      if (!committed) ::unlink(tmp.c_str());
    }
  } cleanup{tmp_template, committed};

  if (::fchmod(fd.get(), mode) != 0) return fail_errno(errno, "base.write_file", path, "fchmod");
  if (auto r = write_all(fd.get(), data, path); !r) return r;
  if (sync == Sync::kDurable && ::fsync(fd.get()) != 0)
    return fail_errno(errno, "base.write_file", path, "fsync");
  fd.reset();
  if (::rename(tmp_template.c_str(), path.c_str()) != 0)
    return fail_errno(errno, "base.write_file", path, "rename");
  committed = true;
  if (sync == Sync::kVolatile) return {};
  unique_fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd) ::fsync(dfd.get());  // best effort: the rename is already visible
  return {};
}

Result<FileLock> FileLock::acquire(const std::string& path, Mode mode,
                                   std::chrono::milliseconds timeout, bool create) {
  unique_fd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644));
  if (!fd && errno == ENOENT && !create)
    return fail(ErrorCode::kNotFound, "base.lock", "no such lock file", path);
  if (!fd) return fail_errno(errno, "base.lock", path, "open lock file");
  int op = (mode == Mode::kExclusive ? LOCK_EX : LOCK_SH) | LOCK_NB;
  const auto deadline = steady_now() + timeout;
  auto pause = std::chrono::microseconds(100);
  for (;;) {
    if (::flock(fd.get(), op) == 0) return FileLock(std::move(fd));
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) return fail_errno(errno, "base.lock", path, "flock");
    if (steady_now() >= deadline)
      return fail(ErrorCode::kTimeout, "base.lock",
                  "lock still held after " + std::to_string(timeout.count()) + "ms", path);
    // flock has no timed wait; poll with a short, growing pause.
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

}  // namespace podcore
