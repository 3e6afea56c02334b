// Private to lib/net: deletes host veths off the caller's path.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace podcore::net {

/// A background thread that deletes interfaces by ifindex, one RTM_DELLINK
/// each (~15 ms of kernel time apiece: RCU grace periods under the RTNL
/// lock). Started on first use; the destructor finishes the queue.
class Reaper {
 public:
  Reaper() = default;
  ~Reaper();
  Reaper(const Reaper&) = delete;
  Reaper& operator=(const Reaper&) = delete;

  /// Queues the deletion of interface `ifindex` (called `name`). False
  /// when the thread cannot be started (nothing was queued then).
  bool enqueue(int ifindex, std::string name);
  /// Returns once the queue is empty and nothing is being deleted.
  void flush();
  /// True while `name` is queued or being deleted.
  bool pending(const std::string& name);

 private:
  void run();

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::deque<std::pair<int, std::string>> queue_;
  std::string in_flight_;
  bool busy_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace podcore::net
