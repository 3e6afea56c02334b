// podctl's pod verbs over podcore::pod::Runtime: get, describe, logs, exec,
// delete, top and wait, printing what kubectl prints (pod/printers.hpp,
// pod/jsonpath.hpp) and kubectl's error texts.
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "commands.hpp"
#include "global_flags.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"
#include "manifest/value.hpp"
#include "manifest_files.hpp"
#include "pod/jsonpath.hpp"
#include "pod/label_selector.hpp"
#include "pod/phase.hpp"
#include "pod/printers.hpp"
#include "pod/runtime.hpp"

namespace podctl {

namespace {

namespace mf = podcore::manifest;
namespace pp = podcore::pod;
using podcore::Error;
using podcore::ErrorCode;
using Rt = std::unique_ptr<pp::Runtime>;

volatile sig_atomic_t g_interrupted = 0;
void on_interrupt(int) {
  g_interrupted = 1;
}

void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

int usage(std::string_view verb, const std::string& msg) {
  std::fprintf(stderr, "error: %s\nSee 'podctl %.*s --help' for usage.\n", msg.c_str(),
               static_cast<int>(verb.size()), verb.data());
  return 1;
}

// "--flag=value", "--flag value", "-f value", "-fvalue".
bool take_value(std::span<const std::string_view> args, size_t& i, std::string_view long_name,
                std::string_view short_name, std::string& out) {
  std::string_view a = args[i];
  for (std::string_view name : {long_name, short_name}) {
    if (name.empty() || !a.starts_with(name)) continue;
    std::string_view rest = a.substr(name.size());
    if (rest.empty()) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    }
    if (rest.front() == '=') {
      out = rest.substr(1);
      return true;
    }
    if (name.size() == 2) {
      out = rest;
      return true;
    }
  }
  return false;
}

// A boolean flag: "--x", "--x=true", "--x=false".
bool take_bool(std::string_view a, std::string_view long_name, std::string_view short_name,
               bool& out) {
  if (a == long_name || (!short_name.empty() && a == short_name) ||
      a == std::string(long_name) + "=true") {
    out = true;
    return true;
  }
  if (a == std::string(long_name) + "=false") {
    out = false;
    return true;
  }
  return false;
}

std::optional<std::chrono::nanoseconds> parse_go_duration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s == "0") return std::chrono::nanoseconds(0);
  double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (start == i) return std::nullopt;
    double v = std::stod(std::string(s.substr(start, i - start)));
    size_t ustart = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string_view unit = s.substr(ustart, i - ustart);
    double mult = 0;
    if (unit == "ns")
      mult = 1;
    else if (unit == "us" || unit == "µs")
      mult = 1e3;
    else if (unit == "ms")
      mult = 1e6;
    else if (unit == "s")
      mult = 1e9;
    else if (unit == "m")
      mult = 60e9;
    else if (unit == "h")
      mult = 3600e9;
    else
      return std::nullopt;
    total += v * mult;
  }
  return std::chrono::nanoseconds(static_cast<int64_t>(total));
}

/// kubectl's wording of a runtime error on stderr; returns 1.
int report(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound:
      if (e.message.find("not found") != std::string::npos && e.message.starts_with("pods \"")) {
        std::fprintf(stderr, "Error from server (NotFound): %s\n", e.message.c_str());
        return 1;
      }
      break;
    case ErrorCode::kAlreadyExists:
      std::fprintf(stderr, "Error from server (AlreadyExists): %s\n", e.message.c_str());
      return 1;
    case ErrorCode::kInvalid:
      if (e.stage == "pod.container" || e.stage == "pod.logs") {
        std::fprintf(stderr, "Error from server (BadRequest): %s\n", e.message.c_str());
        return 1;
      }
      std::fprintf(stderr, "error: %s\n", e.message.c_str());
      return 1;
    default: break;
  }
  std::fprintf(stderr, "error: %s\n", e.to_string().c_str());
  return 1;
}

Rt open_or_report(const GlobalFlags& flags) {
  auto rt = open_runtime(flags);
  if (!rt) {
    report(rt.error());
    return nullptr;
  }
  return std::move(*rt);
}

/// The pods a command names: "pod NAME...", "pods", "pod/NAME...", "po NAME".
struct Targets {
  bool all_of_type = false;  ///< a type without names
  std::vector<std::string> names;
};

bool is_pod_type(std::string_view t) {
  return t == "pod" || t == "pods" || t == "po";
}

std::optional<Targets> parse_targets(std::string_view verb,
                                     const std::vector<std::string_view>& positional,
                                     bool require_type) {
  Targets t;
  if (positional.empty()) {
    if (require_type) {
      usage(verb, "You must specify the type of resource to " + std::string(verb) +
                      ". Use \"podctl api-resources\" for a complete list of supported "
                      "resources.");
      return std::nullopt;
    }
    return t;
  }
  size_t i = 0;
  if (is_pod_type(positional[0])) {
    i = 1;
    t.all_of_type = positional.size() == 1;
  } else if (!positional[0].starts_with("pod/") && !positional[0].starts_with("pods/") &&
             !positional[0].starts_with("po/")) {
    std::fprintf(stderr, "error: the server doesn't have a resource type \"%.*s\"\n",
                 static_cast<int>(positional[0].size()), positional[0].data());
    return std::nullopt;
  }
  for (; i < positional.size(); ++i) {
    std::string_view p = positional[i];
    if (auto slash = p.find('/'); slash != std::string_view::npos) {
      if (!is_pod_type(p.substr(0, slash))) {
        std::fprintf(stderr, "error: the server doesn't have a resource type \"%.*s\"\n",
                     static_cast<int>(slash), p.data());
        return std::nullopt;
      }
      if (i == 1 && is_pod_type(positional[0])) {
        usage(verb,
              "there is no need to specify a resource type as a separate argument when "
              "passing arguments in resource/name form (e.g. 'podctl get resource/<"
              "resource_name>' instead of 'podctl get resource resource/<resource_name>'");
        return std::nullopt;
      }
      p = p.substr(slash + 1);
    }
    t.names.emplace_back(p);
  }
  return t;
}

// A name as a single command argument ("NAME" or "pod/NAME").
std::string pod_name_arg(std::string_view a) {
  if (auto slash = a.find('/'); slash != std::string_view::npos && is_pod_type(a.substr(0, slash)))
    return std::string(a.substr(slash + 1));
  return std::string(a);
}

// -------------------------------------------------------------------- get

void print_out(const std::string& s) {
  std::fputs(s.c_str(), stdout);
  std::fflush(stdout);
}

int watch_pods(pp::Runtime& rt, const GlobalFlags& flags, const std::vector<std::string>& names,
               const pp::LabelSelector& selector, pp::PrintOptions popts,
               std::map<std::string, mf::Pod> last) {
  catch_interrupts();
  popts.no_headers = true;
  auto key = [](const mf::Pod& p) { return p.metadata.namespace_ + "/" + p.metadata.name; };
  // The watch reports every pod first (ADDED): those that changed since the
  // table was printed get a row, then a row per change, like kubectl.
  auto watch =
      rt.watch(flags.all_namespaces && names.empty() ? std::nullopt : std::optional(flags.ns()));
  if (!watch) return report(watch.error());
  while (!g_interrupted) {
    auto ev = (*watch)->next(std::chrono::milliseconds(500));
    if (!ev) return report(ev.error());
    if (!*ev) continue;
    const mf::Pod& p = (*ev)->pod;
    if (names.empty() ? !selector.matches(p.metadata.labels)
                      : std::find(names.begin(), names.end(), p.metadata.name) == names.end())
      continue;
    auto it = last.find(key(p));
    bool deleted = (*ev)->type == pp::WatchEventType::kDeleted;
    if (deleted || it == last.end() || !(it->second.status == p.status))
      print_out(pp::print_pods_table({p}, popts, podcore::wall_now()));
    if (deleted)
      last.erase(key(p));
    else
      last.insert_or_assign(key(p), p);
  }
  return 0;
}

}  // namespace

int cmd_get(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::vector<std::string_view> positional;
  std::string output, selector_text;
  bool show_labels = false, watch = false, no_headers = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string v;
    if (args[i] == "-h" || args[i] == "--help") {
      std::printf(
          "Display one or many pods.\n\nUsage:\n  podctl get pods [NAME...] [-o "
          "wide|yaml|json|name|jsonpath=TEMPLATE] [-l SELECTOR] [--show-labels] [-w] "
          "[--no-headers]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (take_bool(args[i], "--show-labels", "", show_labels) ||
        take_bool(args[i], "--watch", "-w", watch) ||
        take_bool(args[i], "--no-headers", "", no_headers))
      continue;
    if (take_value(args, i, "--output", "-o", output) ||
        take_value(args, i, "--selector", "-l", selector_text))
      continue;
    if (args[i].starts_with("-") && args[i] != "-")
      return usage("get", "unknown flag: " + std::string(args[i]));
    positional.push_back(args[i]);
  }
  auto targets = parse_targets("get", positional, true);
  if (!targets) return 1;
  std::string jsonpath;
  if (output.starts_with("jsonpath=")) {
    jsonpath = output.substr(9);
    output = "jsonpath";
  } else if (!output.empty() && output != "wide" && output != "yaml" && output != "json" &&
             output != "name") {
    return usage("get", "unable to match a printer suitable for the output format \"" + output +
                            "\", allowed formats are: "
                            "json,jsonpath,name,wide,yaml");
  }
  pp::LabelSelector selector;
  if (!selector_text.empty()) {
    auto s = pp::LabelSelector::parse(selector_text);
    if (!s) {
      std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
      return 1;
    }
    selector = std::move(*s);
  }
  Rt rt = open_or_report(flags);
  if (!rt) return 1;

  std::vector<mf::Pod> pods;
  std::vector<Error> errors;
  if (targets->names.empty()) {
    auto l = rt->list(flags.all_namespaces ? std::nullopt : std::optional(flags.ns()));
    if (!l) return report(l.error());
    for (auto& p : *l)
      if (selector.matches(p.metadata.labels)) pods.push_back(std::move(p));
  } else {
    for (const auto& n : targets->names) {
      auto p = rt->get(flags.ns(), n);
      if (p)
        pods.push_back(std::move(*p));
      else
        errors.push_back(p.error());
    }
  }
  bool single = targets->names.size() == 1;
  if (output == "yaml" || output == "json" || output == "jsonpath") {
    if (!pods.empty() || !single) {
      mf::Value v = single ? mf::pod_to_value(pods.front()) : pp::pod_list_value(pods);
      if (output == "yaml") {
        print_out(mf::to_yaml(v));
      } else if (output == "json") {
        print_out(mf::to_json(v));
      } else {
        auto text = pp::print_jsonpath(jsonpath, v);
        if (!text) {
          std::fprintf(stderr, "error: %s\n", text.error().message.c_str());
          return 1;
        }
        print_out(*text);
      }
    }
  } else if (output == "name") {
    print_out(pp::print_pod_names(pods));
  } else if (!pods.empty() || watch) {
    pp::PrintOptions popts;
    popts.wide = output == "wide";
    popts.show_labels = show_labels;
    popts.no_headers = no_headers;
    popts.namespace_column = flags.all_namespaces;
    if (!pods.empty()) print_out(pp::print_pods_table(pods, popts, podcore::wall_now()));
    if (watch) {
      std::map<std::string, mf::Pod> last;
      for (auto& p : pods) last.emplace(p.metadata.namespace_ + "/" + p.metadata.name, p);
      return watch_pods(*rt, flags, targets->names, selector, popts, std::move(last));
    }
  }
  for (const auto& e : errors) report(e);
  if (pods.empty() && errors.empty() && output != "yaml" && output != "json" &&
      output != "jsonpath")
    std::fputs(flags.all_namespaces ? pp::no_resources_found_all_namespaces().c_str()
                                    : pp::no_resources_found(flags.ns()).c_str(),
               stderr);
  return errors.empty() ? 0 : 1;
}

// --------------------------------------------------------------- describe

int cmd_describe(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::vector<std::string_view> positional;
  std::string selector_text;
  bool show_events = true;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::printf(
          "Show details of pods.\n\nUsage:\n  podctl describe pod [NAME...] [-l "
          "SELECTOR] [--show-events=false]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (take_bool(args[i], "--show-events", "", show_events) ||
        take_value(args, i, "--selector", "-l", selector_text))
      continue;
    if (args[i].starts_with("-")) return usage("describe", "unknown flag: " + std::string(args[i]));
    positional.push_back(args[i]);
  }
  auto targets = parse_targets("describe", positional, true);
  if (!targets) return 1;
  pp::LabelSelector selector;
  if (!selector_text.empty()) {
    auto s = pp::LabelSelector::parse(selector_text);
    if (!s) {
      std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
      return 1;
    }
    selector = std::move(*s);
  }
  Rt rt = open_or_report(flags);
  if (!rt) return 1;
  std::vector<mf::Pod> pods;
  int rc = 0;
  if (targets->names.empty()) {
    auto l = rt->list(flags.all_namespaces ? std::nullopt : std::optional(flags.ns()));
    if (!l) return report(l.error());
    for (auto& p : *l)
      if (selector.matches(p.metadata.labels)) pods.push_back(std::move(p));
    if (pods.empty()) {
      std::fputs(flags.all_namespaces ? pp::no_resources_found_all_namespaces().c_str()
                                      : pp::no_resources_found(flags.ns()).c_str(),
                 stderr);
      return 0;
    }
  } else {
    for (const auto& n : targets->names) {
      auto p = rt->get(flags.ns(), n);
      if (p)
        pods.push_back(std::move(*p));
      else
        rc = report(p.error());
    }
  }
  bool first = true;
  for (const auto& p : pods) {
    auto ev = rt->events(p.metadata.namespace_, p.metadata.name);
    std::vector<pp::Event> events = ev ? std::move(*ev) : std::vector<pp::Event>{};
    if (!first) print_out("\n\n");
    first = false;
    print_out(pp::describe_pod(p, events, podcore::wall_now(), show_events));
  }
  return rc;
}

// ------------------------------------------------------------------- logs

namespace {

// The container a command acts on, with kubectl's "Defaulted container"
// notice when the pod has several and none was named.
std::string default_container(const mf::Pod& pod, const std::string& given) {
  if (!given.empty() || pod.spec.containers.empty()) return given;
  if (pod.spec.containers.size() > 1) {
    std::string all;
    for (const auto& c : pod.spec.containers) all += (all.empty() ? "" : ", ") + c.name;
    std::fprintf(stderr, "Defaulted container \"%s\" out of: %s\n",
                 pod.spec.containers.front().name.c_str(), all.c_str());
  }
  return pod.spec.containers.front().name;
}

const mf::ContainerStatus* find_status(const mf::Pod& pod, const std::string& name) {
  for (const auto* list : {&pod.status.containerStatuses, &pod.status.initContainerStatuses})
    for (const auto& s : *list)
      if (s.name == name) return &s;
  return nullptr;
}

}  // namespace

int cmd_logs(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::vector<std::string_view> positional;
  std::string container, tail, since, limit;
  bool follow = false, previous = false, timestamps = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::printf(
          "Print the logs of a container in a pod.\n\nUsage:\n  podctl logs [pod/]NAME "
          "[-c CONTAINER] [-f] [-p] [--timestamps] [--tail N] [--since DURATION] "
          "[--limit-bytes N]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (take_bool(args[i], "--follow", "-f", follow) ||
        take_bool(args[i], "--previous", "-p", previous) ||
        take_bool(args[i], "--timestamps", "", timestamps))
      continue;
    if (take_value(args, i, "--container", "-c", container) ||
        take_value(args, i, "--tail", "", tail) || take_value(args, i, "--since", "", since) ||
        take_value(args, i, "--limit-bytes", "", limit))
      continue;
    if (args[i].starts_with("-")) return usage("logs", "unknown flag: " + std::string(args[i]));
    positional.push_back(args[i]);
  }
  if (positional.empty())
    return usage("logs",
                 "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or "
                 "TYPE/NAME is a required argument for the logs command");
  if (positional.size() > 2 || (positional.size() == 2 && !container.empty()))
    return usage("logs", "only one of -c or an inline [CONTAINER] arg is allowed");
  if (positional.size() == 2) container = positional[1];
  std::string name = pod_name_arg(positional[0]);
  pp::LogQuery q;
  q.previous = previous;
  q.timestamps = timestamps;
  if (!tail.empty()) {
    try {
      int64_t n = std::stoll(tail);
      if (n >= 0) q.tail = n;
    } catch (...) {
      return usage("logs", "invalid argument \"" + tail + "\" for \"--tail\" flag");
    }
  }
  if (!limit.empty()) {
    try {
      q.limit_bytes = std::stoull(limit);
    } catch (...) {
      return usage("logs", "invalid argument \"" + limit + "\" for \"--limit-bytes\" flag");
    }
  }
  if (!since.empty()) {
    auto d = parse_go_duration(since);
    if (!d) return usage("logs", "invalid argument \"" + since + "\" for \"--since\" flag");
    q.since =
        podcore::wall_now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(*d);
  }
  Rt rt = open_or_report(flags);
  if (!rt) return 1;
  auto pod = rt->get(flags.ns(), name);
  if (!pod) return report(pod.error());
  container = default_container(*pod, container);
  auto text = rt->logs(flags.ns(), name, container, q);
  if (!text) return report(text.error());
  print_out(*text);
  if (!follow || previous) return 0;
  // Follow: poll the log of this instance until it ends.
  catch_interrupts();
  const mf::ContainerStatus* st0 = find_status(*pod, container);
  const int instance = st0 ? st0->restartCount : 0;
  pp::LogQuery all;
  all.timestamps = timestamps;
  auto base = rt->logs(flags.ns(), name, container, all);
  size_t printed = base ? base->size() : 0;
  while (!g_interrupted) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto now = rt->get(flags.ns(), name);
    bool ended = !now;
    if (now) {
      const mf::ContainerStatus* st = find_status(*now, container);
      ended = st == nullptr || st->restartCount != instance || !st->state.running;
    }
    if (now) {
      auto cur = rt->logs(flags.ns(), name, container, all);
      if (cur && cur->size() > printed) {
        print_out(cur->substr(printed));
        printed = cur->size();
      } else if (cur && cur->size() < printed) {
        printed = cur->size();  // rotated away under us
      }
    }
    if (ended) break;
  }
  return 0;
}

// ------------------------------------------------------------------- exec

namespace {

// Puts the terminal in raw mode for the life of the object.
class RawTerminal {
 public:
  explicit RawTerminal(int fd) : fd_(fd) {
    if (::isatty(fd_) && ::tcgetattr(fd_, &saved_) == 0) {
      termios raw = saved_;
      ::cfmakeraw(&raw);
      active_ = ::tcsetattr(fd_, TCSANOW, &raw) == 0;
    }
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(fd_, TCSANOW, &saved_);
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

}  // namespace

int cmd_exec(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::string container;
  bool interactive = false, tty = false, quiet = false;
  std::vector<std::string_view> positional;
  std::vector<std::string> command;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--") {
      for (++i; i < args.size(); ++i) command.emplace_back(args[i]);
      break;
    }
    if (a == "-h" || a == "--help") {
      std::printf(
          "Execute a command in a container.\n\nUsage:\n  podctl exec [pod/]NAME [-c "
          "CONTAINER] [-i] [-t] -- COMMAND [args...]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (a == "-it" || a == "-ti") {
      interactive = tty = true;
      continue;
    }
    if (take_bool(a, "--stdin", "-i", interactive) || take_bool(a, "--tty", "-t", tty) ||
        take_bool(a, "--quiet", "-q", quiet))
      continue;
    if (take_value(args, i, "--container", "-c", container)) continue;
    if (a.starts_with("-")) return usage("exec", "unknown flag: " + std::string(a));
    positional.push_back(a);
  }
  if (positional.empty())
    return usage("exec",
                 "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- "
                 "[COMMAND] instead");
  for (size_t i = 1; i < positional.size(); ++i)
    command.insert(command.begin() + static_cast<std::ptrdiff_t>(i - 1),
                   std::string(positional[i]));
  if (command.empty())
    return usage("exec", "you must specify at least one command for the container");
  std::string name = pod_name_arg(positional[0]);
  Rt rt = open_or_report(flags);
  if (!rt) return 1;
  auto pod = rt->get(flags.ns(), name);
  if (!pod) return report(pod.error());
  if (pp::is_terminal_phase(pod->status.phase)) {
    std::fprintf(stderr,
                 "error: cannot exec into a container in a completed pod; current phase is %s\n",
                 pod->status.phase.c_str());
    return 1;
  }
  if (quiet && container.empty() && !pod->spec.containers.empty())
    container = pod->spec.containers.front().name;
  container = default_container(*pod, container);
  if (tty && !interactive && !quiet)
    std::fputs("Unable to use a TTY - input is not a terminal or the right kind of file\n", stderr);
  if (tty && interactive && !::isatty(STDIN_FILENO) && !quiet)
    std::fputs("Unable to use a TTY - input is not a terminal or the right kind of file\n", stderr);
  pp::ExecIo io;
  io.stdin_fd = interactive ? STDIN_FILENO : -1;
  io.stdout_fd = STDOUT_FILENO;
  io.stderr_fd = STDERR_FILENO;
  io.tty = tty && interactive && ::isatty(STDIN_FILENO);
  std::fflush(stdout);
  std::optional<RawTerminal> raw;
  if (io.tty) raw.emplace(STDIN_FILENO);
  auto rc = rt->exec(flags.ns(), name, container, command, io);
  raw.reset();
  if (!rc) {
    if (rc.error().stage == "sandbox.exec" && rc.error().code == ErrorCode::kNotFound) {
      std::fprintf(stderr,
                   "error: Internal error occurred: error executing command in container: "
                   "exec: \"%s\": %s\n",
                   command.front().c_str(), rc.error().message.c_str());
      return 1;
    }
    return report(rc.error());
  }
  if (*rc != 0 && !quiet) std::fprintf(stderr, "command terminated with exit code %d\n", *rc);
  return *rc;
}

// ----------------------------------------------------------------- delete

int cmd_delete(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::vector<std::string_view> positional;
  std::vector<std::string> files;
  std::string grace, selector_text;
  bool all = false, force = false, wait = true, ignore_not_found = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string v;
    if (args[i] == "-h" || args[i] == "--help") {
      std::printf(
          "Delete pods (gracefully unless --force).\n\nUsage:\n  podctl delete pod "
          "NAME... | pods --all | -l SELECTOR | -f FILE [--grace-period N] [--force] "
          "[--wait] [--ignore-not-found]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (take_bool(args[i], "--all", "", all) || take_bool(args[i], "--force", "", force) ||
        take_bool(args[i], "--wait", "", wait) ||
        take_bool(args[i], "--ignore-not-found", "", ignore_not_found) ||
        take_bool(args[i], "--now", "", force))
      continue;
    if (take_value(args, i, "--filename", "-f", v)) {
      files.push_back(v);
      continue;
    }
    if (take_value(args, i, "--grace-period", "", grace) ||
        take_value(args, i, "--selector", "-l", selector_text))
      continue;
    if (args[i].starts_with("-")) return usage("delete", "unknown flag: " + std::string(args[i]));
    positional.push_back(args[i]);
  }
  pp::DeleteOptions opts;
  if (!grace.empty()) {
    try {
      int64_t g = std::stoll(grace);
      if (g >= 0) opts.grace_seconds = g;
      if (g == 0) force = true;  // kubectl: --grace-period=0 means immediate
    } catch (...) {
      return usage("delete", "invalid argument \"" + grace + "\" for \"--grace-period\" flag");
    }
  }
  if (force) {
    opts.force = true;
    std::fputs(
        "Warning: Immediate deletion does not wait for confirmation that the running "
        "resource has been terminated. The resource may continue to run on the cluster "
        "indefinitely.\n",
        stderr);
  }
  Rt rt = open_or_report(flags);
  if (!rt) return 1;
  // (namespace, name) of every pod to delete.
  std::vector<std::pair<std::string, std::string>> victims;
  if (!files.empty()) {
    auto sources = read_manifest_sources(files);
    if (!sources) {
      std::fprintf(stderr, "error: %s\n", sources.error().to_string().c_str());
      return 1;
    }
    for (const auto& src : *sources) {
      auto objects = mf::decode_manifests(src.text, mf::FieldValidation::kIgnore);
      if (!objects) {
        std::fprintf(stderr, "error: error parsing %s: %s\n", src.name.c_str(),
                     objects.error().message.c_str());
        return 1;
      }
      for (const auto& o : *objects) {
        if (!o.pod) continue;
        std::string ns = !flags.namespace_.empty()             ? flags.namespace_
                         : !o.pod->metadata.namespace_.empty() ? o.pod->metadata.namespace_
                                                               : "default";
        victims.emplace_back(ns, o.pod->metadata.name);
      }
    }
  } else {
    auto targets = parse_targets("delete", positional, true);
    if (!targets) return 1;
    if (targets->names.empty()) {
      if (!all && selector_text.empty())
        return usage("delete", "resource(s) were provided, but no name was specified");
      pp::LabelSelector selector;
      if (!selector_text.empty()) {
        auto s = pp::LabelSelector::parse(selector_text);
        if (!s) {
          std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
          return 1;
        }
        selector = std::move(*s);
      }
      auto l = rt->list(flags.all_namespaces ? std::nullopt : std::optional(flags.ns()));
      if (!l) return report(l.error());
      for (const auto& p : *l)
        if (selector.matches(p.metadata.labels))
          victims.emplace_back(p.metadata.namespace_, p.metadata.name);
      if (victims.empty()) {
        std::fputs("No resources found\n", stderr);
        return 0;
      }
    } else {
      for (const auto& n : targets->names) victims.emplace_back(flags.ns(), n);
    }
  }
  int rc = 0;
  for (const auto& [ns, name] : victims) {
    auto r = rt->remove(ns, name, opts);
    if (!r) {
      if (r.error().code == ErrorCode::kNotFound && ignore_not_found) continue;
      rc = report(r.error());
      continue;
    }
    std::printf("pod \"%s\" %sdeleted\n", name.c_str(), force ? "force " : "");
    std::fflush(stdout);
  }
  return rc;
}

// -------------------------------------------------------------------- top

int cmd_top(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::vector<std::string_view> positional;
  std::string selector_text;
  bool no_headers = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::printf(
          "Display CPU and memory of pods, from their cgroups.\n\nUsage:\n  podctl top "
          "pod [NAME] [-l SELECTOR] [--no-headers]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (take_bool(args[i], "--no-headers", "", no_headers) ||
        take_value(args, i, "--selector", "-l", selector_text))
      continue;
    if (args[i].starts_with("-")) return usage("top", "unknown flag: " + std::string(args[i]));
    positional.push_back(args[i]);
  }
  if (positional.empty() || !is_pod_type(positional[0]))
    return usage("top", "podctl top supports \"pod\" only: podctl top pod [NAME]");
  pp::LabelSelector selector;
  if (!selector_text.empty()) {
    auto s = pp::LabelSelector::parse(selector_text);
    if (!s) {
      std::fprintf(stderr, "error: %s\n", s.error().message.c_str());
      return 1;
    }
    selector = std::move(*s);
  }
  Rt rt = open_or_report(flags);
  if (!rt) return 1;
  std::vector<std::pair<std::string, std::string>> pods;
  if (positional.size() > 1) {
    for (size_t i = 1; i < positional.size(); ++i) {
      std::string n(positional[i]);
      auto p = rt->get(flags.ns(), n);
      if (!p) return report(p.error());
      pods.emplace_back(flags.ns(), n);
    }
  } else {
    auto l = rt->list(flags.all_namespaces ? std::nullopt : std::optional(flags.ns()));
    if (!l) return report(l.error());
    for (const auto& p : *l)
      if (selector.matches(p.metadata.labels) && !pp::is_terminal_phase(p.status.phase))
        pods.emplace_back(p.metadata.namespace_, p.metadata.name);
    if (pods.empty()) {
      std::fprintf(stderr, "error: Metrics not available for pod %s, age: unknown\n",
                   flags.all_namespaces ? "in any namespace" : (flags.ns() + "/*").c_str());
      return 1;
    }
  }
  // CPU: usage over a short sample, as metrics-server's window would give it.
  std::vector<podcore::cgroup::CgroupStats> first(pods.size());
  for (size_t i = 0; i < pods.size(); ++i)
    if (auto s = rt->stats(pods[i].first, pods[i].second)) first[i] = *s;
  auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::vector<std::vector<std::string>> rows;
  if (!no_headers) {
    if (flags.all_namespaces)
      rows.push_back({"NAMESPACE", "NAME", "CPU(cores)", "MEMORY(bytes)"});
    else
      rows.push_back({"NAME", "CPU(cores)", "MEMORY(bytes)"});
  }
  for (size_t i = 0; i < pods.size(); ++i) {
    auto s = rt->stats(pods[i].first, pods[i].second);
    if (!s) {
      std::fprintf(stderr, "error: Metrics not available for pod %s/%s, age: unknown\n",
                   pods[i].first.c_str(), pods[i].second.c_str());
      return 1;
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double cores =
        static_cast<double>(s->cpu_usage_ns - std::min(s->cpu_usage_ns, first[i].cpu_usage_ns)) /
        1e9 / secs;
    std::string cpu = std::to_string(static_cast<int64_t>(cores * 1000 + 0.5)) + "m";
    std::string mem = std::to_string(s->memory_working_set_bytes / (1024 * 1024)) + "Mi";
    std::vector<std::string> row;
    if (flags.all_namespaces) row.push_back(pods[i].first);
    row.insert(row.end(), {pods[i].second, cpu, mem});
    rows.push_back(std::move(row));
  }
  // kubectl's tabwriter: padding 3, every cell padded (trailing spaces too).
  std::vector<size_t> width;
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], r[c].size());
    }
  std::string out;
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c)
      out += r[c] + std::string(width[c] - r[c].size() + 3, ' ');
    out += "\n";
  }
  print_out(out);
  return 0;
}

// ------------------------------------------------------------------- wait

int cmd_wait(std::span<const std::string_view> args, const GlobalFlags& flags) {
  std::vector<std::string_view> positional;
  std::string for_what, timeout_text = "30s";
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::printf(
          "Wait for a condition on pods.\n\nUsage:\n  podctl wait "
          "--for=condition=COND[=true|false] | --for=delete | "
          "--for=jsonpath='{PATH}'=VALUE pod/NAME... [--timeout=30s]\n\n%s",
          kGlobalFlagsHelp);
      return 0;
    }
    if (take_value(args, i, "--for", "", for_what) ||
        take_value(args, i, "--timeout", "", timeout_text))
      continue;
    if (args[i].starts_with("-")) return usage("wait", "unknown flag: " + std::string(args[i]));
    positional.push_back(args[i]);
  }
  if (for_what.empty()) return usage("wait", "--for must be specified");
  auto timeout = parse_go_duration(timeout_text);
  if (!timeout)
    return usage("wait", "invalid argument \"" + timeout_text +
                             "\" for \"--timeout\" flag: time: invalid duration \"" + timeout_text +
                             "\"");
  auto targets = parse_targets("wait", positional, true);
  if (!targets) return 1;
  if (targets->names.empty())
    return usage("wait", "resource(s) were provided, but no name was specified");

  enum class Kind { kCondition, kDelete, kJsonPath } kind;
  std::string cond, want = "true";
  std::optional<pp::JsonPath> jp;
  if (for_what == "delete") {
    kind = Kind::kDelete;
  } else if (for_what.starts_with("condition=")) {
    kind = Kind::kCondition;
    cond = for_what.substr(10);
    if (auto eq = cond.find('='); eq != std::string::npos) {
      want = cond.substr(eq + 1);
      cond = cond.substr(0, eq);
    }
  } else if (for_what.starts_with("jsonpath=")) {
    kind = Kind::kJsonPath;
    std::string expr = for_what.substr(9);
    auto close = expr.rfind('}');
    if (close == std::string::npos || close + 1 >= expr.size() || expr[close + 1] != '=')
      return usage("wait",
                   "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3");
    want = expr.substr(close + 2);
    auto parsed = pp::JsonPath::parse(expr.substr(0, close + 1));
    if (!parsed) {
      std::fprintf(stderr, "error: %s\n", parsed.error().message.c_str());
      return 1;
    }
    jp.emplace(std::move(*parsed));
  } else {
    return usage("wait", "unrecognized condition: \"" + for_what + "\"");
  }
  auto lower = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  auto holds = [&](const mf::Pod& p) {
    if (kind == Kind::kCondition) {
      for (const auto& c : p.status.conditions)
        if (lower(c.type) == lower(cond)) return lower(c.status) == lower(want);
      return false;
    }
    auto v = jp->execute(mf::pod_to_value(p));
    return v && *v == want;
  };
  Rt rt = open_or_report(flags);
  if (!rt) return 1;
  auto deadline = std::chrono::steady_clock::now() + *timeout;
  int rc = 0;
  for (const auto& name : targets->names) {
    for (;;) {
      auto p = rt->get(flags.ns(), name);
      if (!p) {
        if (kind == Kind::kDelete && p.error().code == ErrorCode::kNotFound) {
          std::printf("pod/%s condition met\n", name.c_str());
          break;
        }
        rc = report(p.error());
        break;
      }
      if (kind != Kind::kDelete && holds(*p)) {
        std::printf("pod/%s condition met\n", name.c_str());
        break;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        std::fprintf(stderr, "error: timed out waiting for the condition on pods/%s\n",
                     name.c_str());
        rc = 1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::fflush(stdout);
  }
  return rc;
}

}  // namespace podctl
