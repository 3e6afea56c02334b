#include "pod/container_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <deque>
#include <system_error>

#include "base/file.hpp"

namespace podcore::pod {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStage = "pod.logs";

fs::path live_path(const fs::path& dir, int instance) {
  return dir / (std::to_string(instance) + ".log");
}
fs::path rotated_path(const fs::path& dir, int instance, unsigned k) {
  return dir / (std::to_string(instance) + ".log." + std::to_string(k));
}

// "<n>.log" or "<n>.log.<k>" → n.
std::optional<int> instance_of(const std::string& name) {
  auto dot = name.find(".log");
  if (dot == 0 || dot == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(name).substr(dot + 4);
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2) return std::nullopt;
    for (char c : rest.substr(1))
      if (c < '0' || c > '9') return std::nullopt;
  }
  int n = 0;
  auto [p, ec] = std::from_chars(name.data(), name.data() + dot, n);
  if (ec != std::errc{} || p != name.data() + dot || n < 0) return std::nullopt;
  return n;
}

Result<void> write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_errno(errno, kStage, path.string(), "write");
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Result<ContainerLogWriter> ContainerLogWriter::open(const fs::path& dir, int restart_count,
                                                    LogRotation rotation) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return fail_errno(ec.value(), kStage, dir.string(), "create the log directory");
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto n = instance_of(entry.path().filename().string());
    if (n && *n < restart_count - 1) fs::remove(entry.path(), ec);
  }
  ContainerLogWriter w;
  w.path_ = live_path(dir, restart_count);
  w.rotation_ = rotation;
  if (w.rotation_.max_files == 0) w.rotation_.max_files = 1;
  w.fd_.reset(::open(w.path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!w.fd_) return fail_errno(errno, kStage, w.path_.string(), "open the log file");
  struct stat st {};
  if (::fstat(w.fd_.get(), &st) == 0) w.size_ = static_cast<uint64_t>(st.st_size);
  return w;
}

Result<void> ContainerLogWriter::rotate() {
  const fs::path dir = path_.parent_path();
  const int instance = *instance_of(path_.filename().string());
  std::error_code ec;
  fd_.reset();
  if (rotation_.max_files <= 1) {
    fs::remove(path_, ec);
  } else {
    fs::remove(rotated_path(dir, instance, rotation_.max_files - 1), ec);
    for (unsigned k = rotation_.max_files - 1; k-- > 1;)
      fs::rename(rotated_path(dir, instance, k), rotated_path(dir, instance, k + 1), ec);
    fs::rename(path_, rotated_path(dir, instance, 1), ec);
    if (ec) return fail_errno(ec.value(), kStage, path_.string(), "rotate the log file");
  }
  fd_.reset(::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!fd_) return fail_errno(errno, kStage, path_.string(), "reopen the log file");
  size_ = 0;
  return {};
}

Result<void> ContainerLogWriter::emit(LogStream stream, std::string_view line, bool partial,
                                      WallTime now) {
  std::string record = format_rfc3339_nano(now);
  record += stream == LogStream::kStdout ? " stdout " : " stderr ";
  record += partial ? "P " : "F ";
  record += line;
  record += '\n';
  if (size_ > 0 && size_ + record.size() > rotation_.max_size) {
    if (auto r = rotate(); !r) return r;
  }
  if (auto r = write_all(fd_.get(), record, path_); !r) return r;
  size_ += record.size();
  return {};
}

Result<void> ContainerLogWriter::write(LogStream stream, std::string_view data, WallTime now) {
  std::string& buf = pending_[stream == LogStream::kStdout ? 0 : 1];
  buf.append(data);
  size_t start = 0;
  while (true) {
    size_t nl = buf.find('\n', start);
    if (nl != std::string::npos && nl - start <= kMaxLine) {
      if (auto r = emit(stream, std::string_view(buf).substr(start, nl - start), false, now); !r)
        return r;
      start = nl + 1;
    } else if (buf.size() - start >= kMaxLine) {
      // No newline within a whole record's worth: write a partial piece.
      if (auto r = emit(stream, std::string_view(buf).substr(start, kMaxLine), true, now); !r)
        return r;
      start += kMaxLine;
    } else {
      break;
    }
  }
  buf.erase(0, start);
  return {};
}

Result<void> ContainerLogWriter::flush(WallTime now) {
  for (int i = 0; i < 2; ++i) {
    if (pending_[i].empty()) continue;
    auto stream = i == 0 ? LogStream::kStdout : LogStream::kStderr;
    // The last line had no newline: kubectl prints it as-is, so it is a
    // full record.
    if (auto r = emit(stream, pending_[i], false, now); !r) return r;
    pending_[i].clear();
  }
  return {};
}

std::optional<LogRecord> parse_log_line(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return std::nullopt;
  LogRecord r;
  r.timestamp = std::string(line.substr(0, sp1));
  std::string_view rest = line.substr(sp1 + 1);
  if (rest.starts_with("stdout ")) {
    r.stream = LogStream::kStdout;
  } else if (rest.starts_with("stderr ")) {
    r.stream = LogStream::kStderr;
  } else {
    return std::nullopt;
  }
  rest.remove_prefix(7);
  if (rest.starts_with("F ") || rest == "F") {
    r.partial = false;
  } else if (rest.starts_with("P ") || rest == "P") {
    r.partial = true;
  } else {
    return std::nullopt;
  }
  rest.remove_prefix(std::min<size_t>(2, rest.size()));
  r.text = std::string(rest);
  if (!parse_rfc3339(r.timestamp)) return std::nullopt;
  return r;
}

std::vector<int> logged_instances(const fs::path& dir) {
  std::vector<int> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto n = instance_of(entry.path().filename().string());
    if (n && std::find(out.begin(), out.end(), *n) == out.end()) out.push_back(*n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> read_container_log(const fs::path& dir, int restart_count,
                                       const LogQuery& query) {
  int instance = restart_count;
  if (query.previous) {
    auto all = logged_instances(dir);
    auto it = std::find_if(all.rbegin(), all.rend(), [&](int n) { return n < restart_count; });
    if (it == all.rend())
      return fail(ErrorCode::kNotFound, kStage, "no previous terminated container", dir.string());
    instance = *it;
  }
  // Rotated pieces, oldest (highest k) first, then the live file.
  std::vector<fs::path> files;
  std::error_code ec;
  std::vector<unsigned> ks;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    std::string prefix = std::to_string(instance) + ".log.";
    if (name.starts_with(prefix) && instance_of(name) == instance) {
      unsigned k = 0;
      std::from_chars(name.data() + prefix.size(), name.data() + name.size(), k);
      ks.push_back(k);
    }
  }
  std::sort(ks.rbegin(), ks.rend());
  for (unsigned k : ks) files.push_back(rotated_path(dir, instance, k));
  if (fs::exists(live_path(dir, instance), ec)) files.push_back(live_path(dir, instance));
  if (files.empty() && query.previous)
    return fail(ErrorCode::kNotFound, kStage, "no previous terminated container", dir.string());

  std::deque<std::string> lines;
  std::string joined[2];
  std::string joined_ts[2];
  for (const auto& file : files) {
    auto text = read_file(file.string());
    if (!text) continue;  // rotated away while we read: skip it
    std::string_view rest = *text;
    while (!rest.empty()) {
      auto nl = rest.find('\n');
      std::string_view raw = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      auto rec = parse_log_line(raw);
      if (!rec) continue;
      if (query.since) {
        auto t = parse_rfc3339(rec->timestamp);
        if (t && *t < *query.since) continue;
      }
      int s = rec->stream == LogStream::kStdout ? 0 : 1;
      if (joined[s].empty() && joined_ts[s].empty()) joined_ts[s] = rec->timestamp;
      joined[s] += rec->text;
      if (rec->partial) continue;
      std::string out = query.timestamps ? joined_ts[s] + " " : std::string();
      out += joined[s];
      out += '\n';
      lines.push_back(std::move(out));
      joined[s].clear();
      joined_ts[s].clear();
      if (query.tail && *query.tail >= 0 && lines.size() > static_cast<size_t>(*query.tail))
        lines.pop_front();
    }
  }
  std::string result;
  for (const auto& l : lines) result += l;
  if (query.limit_bytes && result.size() > *query.limit_bytes) result.resize(*query.limit_bytes);
  return result;
}

}  // namespace podcore::pod
