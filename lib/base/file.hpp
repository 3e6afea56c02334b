// Files: read whole, atomic write, advisory locks.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace podcore {

/// Reads a whole file. Errors name the path (stage "base.read_file").
Result<std::string> read_file(const std::string& path);

/// Whether a write must survive a power loss.
enum class Sync {
  kDurable,   ///< fsync the file and its directory
  kVolatile,  ///< no fsync: state that must not outlive a reboot anyway (/run),
              ///< where an fsync would only cost milliseconds on a disk
};

/// Writes `data` to `path` atomically: a temporary file in the same
/// directory, (fsync,) rename over `path`, (fsync of the directory). Readers
/// see the old or the new content, never a torn one, either way.
Result<void> write_file_atomic(const std::string& path, std::string_view data, unsigned mode = 0644,
                               Sync sync = Sync::kDurable);

/// An flock(2) lock on a file, released when destroyed.
class FileLock {
 public:
  enum class Mode { kShared, kExclusive };

  /// Opens (creating if needed, unless `create` is false) `path` and locks
  /// it, waiting at most `timeout`. kTimeout when the lock stays held;
  /// kNotFound when `path` is missing and not to be created; kSystem on I/O errors.
  static Result<FileLock> acquire(const std::string& path, Mode mode,
                                  std::chrono::milliseconds timeout, bool create = true);

  FileLock(FileLock&&) noexcept = default;
  FileLock& operator=(FileLock&&) noexcept = default;
  ~FileLock() = default;  // closing the fd drops the lock

  [[nodiscard]] int fd() const noexcept { return fd_.get(); }

 private:
  explicit FileLock(unique_fd fd) : fd_(std::move(fd)) {}
  unique_fd fd_;
};

}  // namespace podcore
