// Where podcore's helper programs are looked for (base/helper_program.hpp).
#include "base/helper_program.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace podcore {
namespace {

TEST(HelperProgram, OwnObjectIsTheExecutableWhenLinkedStatically) {
  // podcore_base is a static library here: its code is in this test binary.
  EXPECT_EQ(own_object_path(), fs::read_symlink("/proc/self/exe"));
}

TEST(HelperProgram, CandidatesStartAtTheInstalledLibexecDirAndEndAtTheSystemOnes) {
  const fs::path dir = fs::read_symlink("/proc/self/exe").parent_path();
  auto c = helper_program_candidates("podcore-monitor");
  ASSERT_GE(c.size(), 5u);
  // The installed layout relative to this object comes first ...
  EXPECT_EQ(c.front().filename(), "podcore-monitor");
  EXPECT_EQ(c.front().parent_path().filename(), "podcore");
  EXPECT_TRUE(c.front().is_absolute());
  // ... then beside it and the build tree's tools/<name>/<name>.
  EXPECT_NE(std::find(c.begin(), c.end(), dir / "podcore-monitor"), c.end());
  EXPECT_NE(std::find(c.begin(), c.end(),
                      dir.parent_path() / "tools" / "podcore-monitor" / "podcore-monitor"),
            c.end());
  EXPECT_EQ(c[c.size() - 2], fs::path("/usr/local/libexec/podcore/podcore-monitor"));
  EXPECT_EQ(c.back(), fs::path("/usr/libexec/podcore/podcore-monitor"));
}

}  // namespace
}  // namespace podcore
