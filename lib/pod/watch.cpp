#include "pod/watch.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <map>
#include <set>

#include "base/unique_fd.hpp"
#include "manifest/encode.hpp"
#include "pod/monitor.hpp"
#include "pod/phase.hpp"
#include "pod/runtime.hpp"
#include "pod/state_dir.hpp"

namespace podcore::pod {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* watch_event_type_name(WatchEventType type) {
  switch (type) {
    case WatchEventType::kAdded: return "ADDED";
    case WatchEventType::kModified: return "MODIFIED";
    case WatchEventType::kDeleted: return "DELETED";
  }
  return "ERROR";
}

namespace {

constexpr const char* kStage = "pod.watch";

// What the state directory tells a watcher (pod/state_dir.hpp):
//   names/            a namespace directory appears or goes
//   names/<ns>/       a name link appears or goes: a pod is added or removed
//   pods/             a pod directory appears (its files can be read)
//   pods/<uid>/       pod.json, status.json, monitor, creating are replaced by
//                     rename (IN_MOVED_TO) or removed (IN_DELETE)
// and a monitor that dies turns its pod Unknown: a pidfd per monitor.
constexpr uint32_t kDirMask = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ONLYDIR;
constexpr uint32_t kPodDirMask = IN_MOVED_TO | IN_DELETE | IN_CREATE | IN_ONLYDIR;

bool pod_file(std::string_view name) {
  return name == kStatusFile || name == kPodFile || name == "monitor" || name == "creating";
}

class InotifyPodWatch final : public PodWatch {
 public:
  InotifyPodWatch(StateDir state, std::optional<std::string> ns)
      : state_(std::move(state)), ns_(std::move(ns)) {}

  Result<void> start() {
    epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll_) return fail_errno(errno, kStage, "", "epoll_create1");
    inotify_.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!inotify_) return fail_errno(errno, kStage, "", "inotify_init1");
    ready_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!ready_) return fail_errno(errno, kStage, "", "eventfd");
    for (int fd : {inotify_.get(), ready_.get()}) {
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = fd;
      if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
        return fail_errno(errno, kStage, "", "epoll_ctl");
    }
    // Watches first, listing after: whatever changes in between is seen
    // twice at worst, never missed.
    for (auto [dir, kind] : {std::pair{state_.root() / "names", Kind::kNames},
                             std::pair{state_.root() / "pods", Kind::kPods}}) {
      int wd = ::inotify_add_watch(inotify_.get(), dir.c_str(), kDirMask);
      if (wd < 0) return fail_errno(errno, kStage, dir.string(), "inotify_add_watch");
      watches_[wd] = {kind, {}};
    }
    watch_namespaces();
    sync(/*relist=*/true);
    return {};
  }

  [[nodiscard]] int fd() const override { return epoll_.get(); }

  Result<std::optional<WatchEvent>> next(std::chrono::milliseconds timeout) override {
    const auto deadline = Clock::now() + timeout;
    while (true) {
      if (queue_.empty())
        if (auto r = drain(); !r) return std::unexpected(r.error());
      if (!queue_.empty()) {
        WatchEvent ev = std::move(queue_.front());
        queue_.pop_front();
        update_ready();
        return ev;
      }
      auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd pfd{epoll_.get(), POLLIN, 0};
      if (::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 1 << 30))) < 0) {
        if (errno == EINTR) return std::nullopt;  // a signal: the caller may want to stop
        return fail_errno(errno, kStage, "", "poll");
      }
    }
  }

 private:
  enum class Kind { kNames, kPods, kNamespace, kPod };
  struct Watch {
    Kind kind;
    std::string key;  // the namespace or the pod UID
  };

  // Reads everything pending (inotify events, dead monitors) without waiting,
  // then reports the pods that changed: a burst costs one read per pod.
  Result<void> drain() {
    bool relist = false;
    bool any = false;
    epoll_event evs[16];
    int n = ::epoll_wait(epoll_.get(), evs, 16, 0);
    if (n < 0 && errno != EINTR) return fail_errno(errno, kStage, "", "epoll_wait");
    for (int i = 0; i < n; ++i) {
      int fd = evs[i].data.fd;
      if (fd == inotify_.get()) {
        any = true;
        read_inotify(&relist);
      } else if (auto it = pidfds_.find(fd); it != pidfds_.end()) {
        any = true;
        dirty_.insert(it->second.first);
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
        monitor_fd_.erase(it->second.first);
        pidfds_.erase(it);  // closes it
      }
    }
    if (any) sync(relist);
    return {};
  }

  void read_inotify(bool* relist) {
    alignas(inotify_event) char buf[16 * 1024];
    while (true) {
      ssize_t len = ::read(inotify_.get(), buf, sizeof buf);
      if (len <= 0) break;  // EAGAIN: drained
      for (char* p = buf; p < buf + len;) {
        auto* e = reinterpret_cast<inotify_event*>(p);
        p += sizeof(inotify_event) + e->len;
        std::string_view name = e->len ? std::string_view(e->name) : std::string_view();
        if (e->mask & IN_Q_OVERFLOW) {  // events lost: re-read everything
          *relist = true;
          for (const auto& [uid, k] : known_) dirty_.insert(uid);
          continue;
        }
        auto w = watches_.find(e->wd);
        if (w == watches_.end()) continue;
        const Watch watch = w->second;
        if (e->mask & IN_IGNORED) {  // the directory is gone
          if (watch.kind == Kind::kNamespace) ns_wd_.erase(watch.key);
          if (watch.kind == Kind::kPod) pod_wd_.erase(watch.key);
          watches_.erase(w);
          *relist = true;
          continue;
        }
        switch (watch.kind) {
          case Kind::kNames:
            if (e->mask & (IN_CREATE | IN_MOVED_TO)) watch_namespaces();
            *relist = true;
            break;
          case Kind::kPods:
          case Kind::kNamespace: *relist = true; break;
          case Kind::kPod:
            if (pod_file(name)) dirty_.insert(watch.key);
            break;
        }
      }
    }
  }

  void watch_namespaces() {
    std::vector<std::string> names;
    if (ns_) {
      names.push_back(*ns_);
    } else {
      std::error_code ec;
      for (const auto& d : fs::directory_iterator(state_.root() / "names", ec))
        names.push_back(d.path().filename().string());
    }
    for (const auto& ns : names) {
      if (ns_wd_.contains(ns)) continue;
      fs::path dir = state_.root() / "names" / ns;
      int wd = ::inotify_add_watch(inotify_.get(), dir.c_str(), kDirMask);
      if (wd < 0) continue;  // not there (yet): names/ tells when it comes
      ns_wd_[ns] = wd;
      watches_[wd] = {Kind::kNamespace, ns};
    }
  }

  void watch_pod(const std::string& uid) {
    if (pod_wd_.contains(uid)) return;
    fs::path dir = state_.pod_dir(uid);
    int wd = ::inotify_add_watch(inotify_.get(), dir.c_str(), kPodDirMask);
    if (wd < 0) return;  // not made yet: pods/ tells when it is
    pod_wd_[uid] = wd;
    watches_[wd] = {Kind::kPod, uid};
    dirty_.insert(uid);  // read it after the watch is in place
  }

  void unwatch_pod(const std::string& uid) {
    if (auto it = pod_wd_.find(uid); it != pod_wd_.end()) {
      ::inotify_rm_watch(inotify_.get(), it->second);  // its IN_IGNORED drops watches_
      pod_wd_.erase(it);
    }
    if (auto it = monitor_fd_.find(uid); it != monitor_fd_.end()) {
      ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, it->second, nullptr);
      pidfds_.erase(it->second);
      monitor_fd_.erase(it);
    }
  }

  // A pidfd on the pod's monitor: its death changes the pod (Unknown).
  void watch_monitor(const std::string& uid, const manifest::Pod& pod) {
    if (monitor_fd_.contains(uid) || is_terminal_phase(pod.status.phase)) return;
    auto mon = read_identity_file(state_.pod_dir(uid) / "monitor");
    if (!mon || !identity_alive(*mon)) return;
    unique_fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, mon->pid, 0)));
    if (!pidfd || !identity_alive(*mon)) return;  // gone, or the PID was reused
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = pidfd.get();
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, pidfd.get(), &ev) != 0) return;
    monitor_fd_[uid] = pidfd.get();
    pidfds_.emplace(pidfd.get(), std::pair{uid, std::move(pidfd)});
  }

  void sync(bool relist) {
    if (relist) {
      std::set<std::string> listed;
      order_.clear();
      for (const auto& ref : state_.list(ns_)) {
        listed.insert(ref.uid);
        order_.push_back(ref.uid);
        if (!known_.contains(ref.uid)) dirty_.insert(ref.uid);
        watch_pod(ref.uid);
      }
      for (auto it = known_.begin(); it != known_.end();) {
        if (listed.contains(it->first)) {
          ++it;
          continue;
        }
        unwatch_pod(it->first);
        dirty_.erase(it->first);
        queue_.push_back({WatchEventType::kDeleted, std::move(it->second)});
        it = known_.erase(it);
      }
    }
    for (const auto& uid : order_) {  // by namespace and name, as list() is
      if (!dirty_.contains(uid)) continue;
      auto pod = read_live_pod(state_, uid);
      if (!pod) continue;  // not written yet: its rename comes as an event
      watch_monitor(uid, *pod);
      auto it = known_.find(uid);
      if (it == known_.end()) {
        known_.emplace(uid, *pod);
        queue_.push_back({WatchEventType::kAdded, std::move(*pod)});
      } else if (it->second != *pod) {
        it->second = *pod;
        queue_.push_back({WatchEventType::kModified, std::move(*pod)});
      }
    }
    dirty_.clear();
    update_ready();
  }

  // The eventfd is readable exactly while events are queued, so that fd()
  // polls readable for them too.
  void update_ready() {
    uint64_t v = 1;
    if (!queue_.empty() && !signalled_) {
      signalled_ = ::write(ready_.get(), &v, sizeof v) == sizeof v;
    } else if (queue_.empty() && signalled_) {
      (void)::read(ready_.get(), &v, sizeof v);
      signalled_ = false;
    }
  }

  StateDir state_;
  std::optional<std::string> ns_;
  unique_fd epoll_, inotify_, ready_;
  bool signalled_ = false;
  std::map<int, Watch> watches_;
  std::map<std::string, int> ns_wd_, pod_wd_, monitor_fd_;
  std::map<int, std::pair<std::string, unique_fd>> pidfds_;
  std::map<std::string, manifest::Pod> known_;  // by UID, as last reported
  std::set<std::string> dirty_;
  std::vector<std::string> order_;  // the listed UIDs by namespace and name
  std::deque<WatchEvent> queue_;
};

}  // namespace

Result<std::unique_ptr<PodWatch>> Runtime::watch(const std::optional<std::string>& namespace_) {
  auto state = StateDir::open(options().state_dir);
  if (!state) return std::unexpected(state.error());
  auto w = std::make_unique<InotifyPodWatch>(std::move(*state), namespace_);
  if (auto r = w->start(); !r) return std::unexpected(r.error());
  return std::unique_ptr<PodWatch>(std::move(w));
}

Result<void> Runtime::watch(const std::optional<std::string>& namespace_,
                            const std::function<bool(const WatchEvent&)>& on_event,
                            std::stop_token stop) {
  auto w = watch(namespace_);
  if (!w) return std::unexpected(w.error());
  unique_fd stop_fd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!stop_fd) return fail_errno(errno, kStage, "", "eventfd");
  std::stop_callback wake(stop, [&] {
    uint64_t v = 1;
    (void)::write(stop_fd.get(), &v, sizeof v);
  });
  while (!stop.stop_requested()) {
    auto ev = (*w)->next(std::chrono::milliseconds(0));
    if (!ev) return std::unexpected(ev.error());
    if (*ev) {
      if (!on_event(**ev)) return {};
      continue;
    }
    pollfd pfds[2] = {{(*w)->fd(), POLLIN, 0}, {stop_fd.get(), POLLIN, 0}};
    if (::poll(pfds, 2, -1) < 0 && errno != EINTR) return fail_errno(errno, kStage, "", "poll");
  }
  return {};
}

}  // namespace podcore::pod
