#include "net/reaper.hpp"

#include <system_error>

#include "net/netlink.hpp"

namespace podcore::net {

Reaper::~Reaper() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool Reaper::enqueue(int ifindex, std::string name) {
  {
    std::lock_guard lock(mu_);
    // The thread inherits the caller's network namespace: the host's, where
    // the pods' host-side veths live.
    if (!thread_.joinable()) {
      try {
        thread_ = std::thread([this] { run(); });
      } catch (const std::system_error&) {
        return false;
      }
    }
    queue_.emplace_back(ifindex, std::move(name));
  }
  work_cv_.notify_one();
  return true;
}

void Reaper::flush() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

bool Reaper::pending(const std::string& name) {
  std::lock_guard lock(mu_);
  if (busy_ && in_flight_ == name) return true;
  for (const auto& item : queue_) {
    if (item.second == name) return true;
  }
  return false;
}

void Reaper::run() {
  nl::Sock sk;
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stop_ and nothing left
    auto [ifindex, name] = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    in_flight_ = name;
    lock.unlock();
    if (!sk) {
      if (auto s = nl::connect("reaper")) sk = std::move(*s);
    }
    // A failure here (the interface is gone already: ENODEV counts as done)
    // is left to reconcile(), which finds any veth of ours without a pod.
    if (sk) (void)nl::delete_link(sk.get(), ifindex, name);
    lock.lock();
    busy_ = false;
    in_flight_.clear();
    if (queue_.empty()) idle_cv_.notify_all();
  }
  busy_ = false;
  idle_cv_.notify_all();
}

}  // namespace podcore::net
