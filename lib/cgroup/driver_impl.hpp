// Private: the two driver implementations and shared helpers.
#pragma once

#include <chrono>
#include <memory>

#include "cgroup/driver.hpp"

namespace podcore::cgroup::detail {

Result<std::unique_ptr<CgroupDriver>> make_v1_driver(LayoutInfo info);
Result<std::unique_ptr<CgroupDriver>> make_v2_driver(LayoutInfo info);

/// Bounded budgets of the retry loops (the only sleeps of the layer).
inline constexpr std::chrono::milliseconds kRemoveBudget{2000};
inline constexpr std::chrono::milliseconds kKillBudget{3000};
inline constexpr std::chrono::milliseconds kFreezeBudget{1000};

/// Joins "a" and "b" with one '/', skipping empty parts.
std::string join_path(std::string_view a, std::string_view b);

/// The kill loop shared by v1 and the v2 fallback: freeze, SIGKILL every
/// pid, thaw, until the tree is empty or the budget is spent.
Result<void> kill_by_signal(CgroupDriver& driver, std::string_view rel, bool can_freeze,
                            const std::string& object);

}  // namespace podcore::cgroup::detail
