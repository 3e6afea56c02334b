// lib/base: errors, atomic writes, file locks, clocks, random ids.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file.hpp"
#include "base/random.hpp"

namespace podcore {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = std::filesystem::temp_directory_path() / "podcore-base-XXXXXX";
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(BaseError, FormatsEveryPartInOrder) {
  Error e;
  e.code = ErrorCode::kSystem;
  e.sys_errno = ENOENT;
  e.stage = "net.veth";
  e.object = "hello-pod";
  e.field = "spec.containers[0]";
  e.message = "create veth";
  EXPECT_EQ(e.to_string(),
            "net.veth: hello-pod: spec.containers[0]: create veth: No such file or directory");
  Error empty;
  empty.code = ErrorCode::kTimeout;
  EXPECT_EQ(empty.to_string(), "timeout");
}

TEST(BaseError, FailBuildsUnexpected) {
  Result<int> r = fail(ErrorCode::kInvalid, "manifest.decode", "bad", "x.yaml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(r.error().to_string(), "manifest.decode: x.yaml: bad");
}

TEST(BaseFile, AtomicWriteReplacesContentAndMode) {
  TempDir dir;
  std::string p = dir.path() + "/status.yaml";
  ASSERT_TRUE(write_file_atomic(p, "one\n"));
  ASSERT_TRUE(write_file_atomic(p, "two\n", 0600));
  auto text = read_file(p);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "two\n");
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temporary file is left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(BaseFile, AtomicWriteIntoMissingDirectoryNamesPath) {
  auto r = write_file_atomic("/nonexistent-podcore-dir/x", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSystem);
  EXPECT_EQ(r.error().sys_errno, ENOENT);
  EXPECT_NE(r.error().to_string().find("/nonexistent-podcore-dir/x"), std::string::npos);
}

TEST(BaseFile, ReadMissingFileIsSystemErrorWithPath) {
  auto r = read_file("/nonexistent-podcore-file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().sys_errno, ENOENT);
  EXPECT_EQ(r.error().object, "/nonexistent-podcore-file");
}

TEST(BaseFileLock, ExclusiveLockTimesOutWhileAnotherProcessHoldsIt) {
  TempDir dir;
  std::string p = dir.path() + "/lock";
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = FileLock::acquire(p, FileLock::Mode::kExclusive, std::chrono::milliseconds(1000));
    char c = lock ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    ::usleep(400 * 1000);
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto start = steady_now();
  auto busy = FileLock::acquire(p, FileLock::Mode::kExclusive, std::chrono::milliseconds(50));
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, ErrorCode::kTimeout);
  EXPECT_GE(steady_now() - start, std::chrono::milliseconds(50));
  // Once the holder exits, the lock is ours.
  auto later = FileLock::acquire(p, FileLock::Mode::kExclusive, std::chrono::milliseconds(5000));
  EXPECT_TRUE(later);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST(BaseFileLock, SharedLocksCoexist) {
  TempDir dir;
  std::string p = dir.path() + "/lock";
  auto a = FileLock::acquire(p, FileLock::Mode::kShared, std::chrono::milliseconds(10));
  ASSERT_TRUE(a);
  // flock locks belong to the open file description: a second open in the
  // same process conflicts like another process would.
  auto b = FileLock::acquire(p, FileLock::Mode::kShared, std::chrono::milliseconds(10));
  EXPECT_TRUE(b);
  auto x = FileLock::acquire(p, FileLock::Mode::kExclusive, std::chrono::milliseconds(10));
  EXPECT_FALSE(x);
}

TEST(BaseFileLock, WithoutCreateAMissingFileIsNotFoundAndStaysMissing) {
  TempDir dir;
  std::string p = dir.path() + "/creating";
  auto none =
      FileLock::acquire(p, FileLock::Mode::kExclusive, std::chrono::milliseconds(10), false);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(p));
  ASSERT_TRUE(write_file_atomic(p, "x"));
  EXPECT_TRUE(
      FileLock::acquire(p, FileLock::Mode::kExclusive, std::chrono::milliseconds(10), false));
}

TEST(BaseClock, Rfc3339Formats) {
  WallTime t{std::chrono::seconds(1764132419) + std::chrono::nanoseconds(5)};
  EXPECT_EQ(format_rfc3339(t), "2025-11-26T04:46:59Z");
  EXPECT_EQ(format_rfc3339_nano(t), "2025-11-26T04:46:59.000000005Z");
}

TEST(BaseRandom, UuidsAreVersion4AndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string u = new_uuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '4');
    EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
  std::string s = random_string(64, "ab");
  EXPECT_EQ(s.size(), 64u);
  EXPECT_EQ(s.find_first_not_of("ab"), std::string::npos);
}

TEST(BaseRandom, MacsAreUnicastLocallyAdministeredAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto mac = random_mac();
    EXPECT_EQ(mac[0] & 0x01, 0) << "multicast bit set";
    EXPECT_EQ(mac[0] & 0x02, 0x02) << "not locally administered";
    seen.insert(format_mac(mac));
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(format_mac({0x02, 0xab, 0x00, 0x10, 0xff, 0x7}), "02:ab:00:10:ff:07");
}

}  // namespace
}  // namespace podcore
