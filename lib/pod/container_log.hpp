// Container logs in the CRI log format, written by the monitor and read by
// `logs` (kubelet: pkg/kubelet/kuberuntime/logs/logs.go; containerd's CRI
// writer splits long lines into partial "P" records).
//
// Files of one container, in pods/<UID>/containers/<name>/:
//   <restartCount>.log       the live file of that instance
//   <restartCount>.log.<k>   rotated pieces, k = 1 the most recent
// Only the current and the previous instance are kept (`logs --previous`).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace podcore::pod {

/// Which stream a record came from.
enum class LogStream { kStdout, kStderr };

/// Log file rotation limits (runtime options).
struct LogRotation {
  uint64_t max_size = 10 * 1024 * 1024;  ///< rotate the live file once it reaches this size
  unsigned max_files = 5;                ///< files kept per instance, the live one included
};

/// Appends one container instance's output to its CRI log file, one record
/// per line, rotating by size. Partial input lines are buffered per stream
/// until their newline; a line longer than kMaxLine is written in "P" pieces.
/// Not thread-safe: one writer per instance, in the monitor's loop.
class ContainerLogWriter {
 public:
  static constexpr size_t kMaxLine = 16 * 1024;

  /// Opens (creates) `<dir>/<restart_count>.log` for appending and removes
  /// the files of instances older than `restart_count - 1`.
  static Result<ContainerLogWriter> open(const std::filesystem::path& dir, int restart_count,
                                         LogRotation rotation = {});

  /// Feeds bytes read from the container's stdout or stderr pipe.
  Result<void> write(LogStream stream, std::string_view data, WallTime now);

  /// Writes what is buffered for both streams as final records (at exit).
  Result<void> flush(WallTime now);

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  ContainerLogWriter() = default;
  Result<void> emit(LogStream stream, std::string_view line, bool partial, WallTime now);
  Result<void> rotate();

  std::filesystem::path path_;
  unique_fd fd_;
  uint64_t size_ = 0;
  LogRotation rotation_;
  std::string pending_[2];
};

/// One parsed record.
struct LogRecord {
  std::string timestamp;  ///< as written (RFC 3339 with nanoseconds)
  LogStream stream = LogStream::kStdout;
  bool partial = false;
  std::string text;  ///< without the newline
};

/// Parses one line of a CRI log file; nullopt for a malformed line.
std::optional<LogRecord> parse_log_line(std::string_view line);

/// What `logs` asks for (kubectl logs flags).
struct LogQuery {
  bool previous = false;                ///< the previous instance (-p)
  std::optional<int64_t> tail;          ///< last N lines (--tail)
  std::optional<WallTime> since;        ///< records at or after this time (--since/--since-time)
  bool timestamps = false;              ///< prefix each line with its timestamp (--timestamps)
  std::optional<uint64_t> limit_bytes;  ///< stop after this many bytes (--limit-bytes)
};

/// The restart counts that have log files in `dir`, ascending.
std::vector<int> logged_instances(const std::filesystem::path& dir);

/// Reads an instance's log (rotated pieces oldest first) and renders it as
/// kubectl prints it: partial records joined, one line per full record,
/// "<timestamp> " prefixed when asked. `restart_count` is the live instance;
/// with `query.previous` the one before it is read, and it is a kNotFound
/// error when there is none (the caller words it as kubectl does:
/// `previous terminated container "c" in pod "p" not found`).
Result<std::string> read_container_log(const std::filesystem::path& dir, int restart_count,
                                       const LogQuery& query);

}  // namespace podcore::pod
