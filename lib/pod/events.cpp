#include "pod/events.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/file.hpp"
#include "base/tabwriter.hpp"
#include "base/unique_fd.hpp"
#include "pod/pod_row.hpp"

namespace podcore::pod {

namespace {

constexpr const char* kStage = "pod.events";

// Fields are tab-separated; escape the separators and the escape itself.
std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != std::string_view::npos; start = tab + 1)
    parts.push_back(line.substr(start, tab - start));
  parts.push_back(line.substr(start));
  return parts;
}

}  // namespace

Result<void> append_event(const std::filesystem::path& path, const EventRecord& r) {
  std::string line = format_rfc3339_nano(r.time) + "\t" + escape(r.type) + "\t" + escape(r.reason) +
                     "\t" + escape(r.source) + "\t" + escape(r.field_path) + "\t" +
                     escape(r.message) + "\n";
  unique_fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!fd) return fail_errno(errno, kStage, path.string(), "open the event log");
  ssize_t n;
  do {
    n = ::write(fd.get(), line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fail_errno(errno, kStage, path.string(), "append an event");
  if (static_cast<size_t>(n) != line.size())
    return fail(ErrorCode::kSystem, kStage, "short write appending an event", path.string());
  return {};
}

Result<std::vector<Event>> read_events(const std::filesystem::path& path) {
  std::vector<Event> out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  auto text = read_file(path.string());
  if (!text) return std::unexpected(text.error());
  std::string_view rest = *text;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    if (nl == std::string_view::npos) break;  // a line still being written
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    auto parts = split_tabs(line);
    if (parts.size() != 6) continue;
    auto t = parse_rfc3339(parts[0]);
    if (!t) continue;
    Event e;
    e.type = unescape(parts[1]);
    e.reason = unescape(parts[2]);
    e.source = unescape(parts[3]);
    e.field_path = unescape(parts[4]);
    e.message = unescape(parts[5]);
    e.first_time = e.last_time = *t;
    auto same = std::find_if(out.begin(), out.end(), [&](const Event& o) {
      return o.type == e.type && o.reason == e.reason && o.message == e.message &&
             o.field_path == e.field_path && o.source == e.source;
    });
    if (same == out.end()) {
      out.push_back(std::move(e));
    } else {
      ++same->count;
      same->first_time = std::min(same->first_time, *t);
      same->last_time = std::max(same->last_time, *t);
    }
  }
  return out;
}

std::string describe_events(const std::vector<Event>& events, WallTime now) {
  if (events.empty()) return "Events:  <none>\n";
  // kubectl sorts by last timestamp (SortableEvents), oldest first.
  std::vector<const Event*> sorted;
  for (const auto& e : events) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Event* a, const Event* b) { return a->last_time < b->last_time; });
  auto w = TabWriter::for_describe();
  w.write("Events:\n");
  w.write("  Type\tReason\tAge\tFrom\tMessage\n");
  w.write("  ----\t------\t----\t----\t-------\n");
  for (const Event* e : sorted) {
    std::string age = human_duration(now - e->first_time);
    if (e->count > 1)
      age = human_duration(now - e->last_time) + " (x" + std::to_string(e->count) + " over " +
            human_duration(now - e->first_time) + ")";
    std::string msg = e->message;
    while (!msg.empty() && (msg.back() == ' ' || msg.back() == '\n')) msg.pop_back();
    w.write("  " + e->type + "\t" + e->reason + "\t" + age + "\t" + e->source + "\t" + msg + "\n");
  }
  return w.render();
}

}  // namespace podcore::pod
