// CRI-format container logs: records, partial lines, rotation, --previous,
// --tail, --since, --timestamps (kubelet's logs.go reader rules).
#include "pod/container_log.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "base/file.hpp"

namespace podcore::pod {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ContainerLog : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/podcore-log-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = fs::path(tmpl) / "c";
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }
  fs::path dir_;
  WallTime t0_ = *parse_rfc3339("2026-11-26T10:00:00Z");
};

TEST_F(ContainerLog, RecordsAreCriLines) {
  auto w = ContainerLogWriter::open(dir_, 0);
  ASSERT_TRUE(w) << w.error().to_string();
  ASSERT_TRUE(w->write(LogStream::kStdout, "hello\nwor", t0_));
  ASSERT_TRUE(w->write(LogStream::kStderr, "oops\n", t0_ + 1s));
  ASSERT_TRUE(w->write(LogStream::kStdout, "ld\n", t0_ + 2s));
  ASSERT_TRUE(w->flush(t0_ + 3s));
  auto text = read_file((dir_ / "0.log").string());
  ASSERT_TRUE(text);
  EXPECT_EQ(*text,
            "2026-11-26T10:00:00.000000000Z stdout F hello\n"
            "2026-11-26T10:00:01.000000000Z stderr F oops\n"
            "2026-11-26T10:00:02.000000000Z stdout F world\n");
  auto out = read_container_log(dir_, 0, {});
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "hello\noops\nworld\n");
  LogQuery q;
  q.timestamps = true;
  q.tail = 1;
  EXPECT_EQ(*read_container_log(dir_, 0, q), "2026-11-26T10:00:02.000000000Z world\n");
  q = {};
  q.since = t0_ + 1s;
  EXPECT_EQ(*read_container_log(dir_, 0, q), "oops\nworld\n");
  q = {};
  q.tail = 0;
  EXPECT_EQ(*read_container_log(dir_, 0, q), "");
  q = {};
  q.limit_bytes = 3;
  EXPECT_EQ(*read_container_log(dir_, 0, q), "hel");
}

TEST_F(ContainerLog, LongLinesArePartialRecordsJoinedOnRead) {
  auto w = ContainerLogWriter::open(dir_, 0);
  ASSERT_TRUE(w);
  std::string big(ContainerLogWriter::kMaxLine * 2 + 10, 'x');
  ASSERT_TRUE(w->write(LogStream::kStdout, big + "\nend", t0_));
  ASSERT_TRUE(w->flush(t0_));
  auto text = read_file((dir_ / "0.log").string());
  ASSERT_TRUE(text);
  int partial = 0, full = 0;
  size_t pos = 0;
  while ((pos = text->find(" stdout ", pos)) != std::string::npos) {
    (text->compare(pos + 8, 2, "P ") == 0 ? partial : full)++;
    pos += 8;
  }
  EXPECT_EQ(partial, 2);
  EXPECT_EQ(full, 2) << "the rest of the long line, then the unterminated \"end\"";
  EXPECT_EQ(*read_container_log(dir_, 0, {}), big + "\nend\n");
}

TEST_F(ContainerLog, RotatesBySizeAndKeepsFiles) {
  LogRotation rot;
  rot.max_size = 200;
  rot.max_files = 3;
  auto w = ContainerLogWriter::open(dir_, 0, rot);
  ASSERT_TRUE(w);
  for (int i = 0; i < 40; ++i)
    ASSERT_TRUE(w->write(LogStream::kStdout, "line " + std::to_string(i) + "\n", t0_));
  EXPECT_TRUE(fs::exists(dir_ / "0.log"));
  EXPECT_TRUE(fs::exists(dir_ / "0.log.1"));
  EXPECT_TRUE(fs::exists(dir_ / "0.log.2"));
  EXPECT_FALSE(fs::exists(dir_ / "0.log.3")) << "max_files counts the live file";
  for (const auto& e : fs::directory_iterator(dir_)) EXPECT_LE(fs::file_size(e.path()), 200u);
  auto out = read_container_log(dir_, 0, {});
  ASSERT_TRUE(out);
  EXPECT_TRUE(out->ends_with("line 38\nline 39\n"));
  EXPECT_EQ(out->find("line 0\n"), std::string::npos) << "the oldest piece was dropped";
  // In order: each line number greater than the one before.
  int last = -1;
  size_t pos = 0;
  while ((pos = out->find("line ", pos)) != std::string::npos) {
    int n = std::stoi(out->substr(pos + 5));
    EXPECT_GT(n, last);
    last = n;
    pos += 5;
  }
}

TEST_F(ContainerLog, PreviousInstanceIsKeptOlderOnesGo) {
  for (int instance = 0; instance < 3; ++instance) {
    auto w = ContainerLogWriter::open(dir_, instance);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->write(LogStream::kStdout, "run " + std::to_string(instance) + "\n", t0_));
  }
  EXPECT_EQ(logged_instances(dir_), (std::vector<int>{1, 2}));
  EXPECT_EQ(*read_container_log(dir_, 2, {}), "run 2\n");
  LogQuery prev;
  prev.previous = true;
  EXPECT_EQ(*read_container_log(dir_, 2, prev), "run 1\n");
  auto none = read_container_log(dir_, 1, prev);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST(ContainerLogParse, RejectsMalformedLines) {
  EXPECT_FALSE(parse_log_line("garbage"));
  EXPECT_FALSE(parse_log_line("2026-11-26T10:00:00Z stdin F x"));
  EXPECT_FALSE(parse_log_line("2026-11-26T10:00:00Z stdout X x"));
  EXPECT_FALSE(parse_log_line("yesterday stdout F x"));
  auto r = parse_log_line("2026-11-26T10:00:00.5Z stderr P  two spaces");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->stream, LogStream::kStderr);
  EXPECT_TRUE(r->partial);
  EXPECT_EQ(r->text, " two spaces");
  auto empty = parse_log_line("2026-11-26T10:00:00Z stdout F");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->text, "");
}

}  // namespace
}  // namespace podcore::pod
