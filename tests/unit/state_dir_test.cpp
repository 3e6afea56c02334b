// The state directory: name reservations across processes, pod records,
// status round trip, listing.
#include "pod/state_dir.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "manifest/decode.hpp"
#include "manifest/defaults.hpp"

namespace podcore::pod {
namespace {

namespace fs = std::filesystem;

class StateDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/podcore-state-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    auto s = StateDir::open(root_ / "state");
    ASSERT_TRUE(s) << s.error().to_string();
    state_.emplace(std::move(*s));
  }
  void TearDown() override { fs::remove_all(root_); }

  manifest::Pod pod(const std::string& name, const std::string& uid) {
    auto p = manifest::decode_pod("apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
                                  "\nspec:\n  containers:\n  - name: c\n    image: busybox\n");
    EXPECT_TRUE(p);
    manifest::apply_defaults(*p);
    p->metadata.namespace_ = "default";
    p->metadata.uid = uid;
    return *p;
  }

  fs::path root_;
  std::optional<StateDir> state_;
};

TEST_F(StateDirTest, NameReservationIsExclusive) {
  ASSERT_TRUE(state_->create_pod_dir(pod("web", "uid-1")));
  ASSERT_TRUE(state_->reserve_name("default", "web", "uid-1"));
  auto again = state_->reserve_name("default", "web", "uid-2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().message, "pods \"web\" already exists");
  EXPECT_TRUE(state_->reserve_name("other", "web", "uid-3")) << "names are per namespace";
  EXPECT_EQ(*state_->lookup("default", "web"), "uid-1");
  auto missing = state_->lookup("default", "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "pods \"nope\" not found");

  // Releasing with the wrong uid keeps the reservation; the right one drops it.
  ASSERT_TRUE(state_->release_name("default", "web", "uid-2"));
  EXPECT_TRUE(state_->lookup("default", "web"));
  ASSERT_TRUE(state_->release_name("default", "web", "uid-1"));
  EXPECT_FALSE(state_->lookup("default", "web"));
  EXPECT_TRUE(state_->release_name("default", "web", "uid-1")) << "idempotent";
  EXPECT_FALSE(state_->reserve_name("default", "../x", "u"));
}

TEST_F(StateDirTest, StaleReservationIsTakenOver) {
  // uid-dead never got a pod directory (its creator crashed).
  ASSERT_TRUE(state_->reserve_name("default", "web", "uid-dead"));
  ASSERT_TRUE(state_->create_pod_dir(pod("web", "uid-new")));
  EXPECT_TRUE(state_->reserve_name("default", "web", "uid-new"));
  EXPECT_EQ(*state_->lookup("default", "web"), "uid-new");
}

TEST_F(StateDirTest, ConcurrentReservationsHaveOneWinner) {
  constexpr int kProcs = 8;
  for (int i = 0; i < kProcs; ++i)
    ASSERT_TRUE(state_->create_pod_dir(pod("race", "uid-" + std::to_string(i))));
  std::vector<pid_t> kids;
  for (int i = 0; i < kProcs; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto r = state_->reserve_name("default", "race", "uid-" + std::to_string(i));
      ::_exit(r ? 0 : 1);
    }
    kids.push_back(pid);
  }
  int winners = 0;
  for (pid_t k : kids) {
    int status = 0;
    ASSERT_EQ(::waitpid(k, &status, 0), k);
    winners += WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  EXPECT_EQ(winners, 1);
}

TEST_F(StateDirTest, PodAndStatusRoundTrip) {
  auto p = pod("web", "uid-1");
  ASSERT_TRUE(state_->create_pod_dir(p));
  auto read = state_->read_pod("uid-1");
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_EQ(read->spec, p.spec);
  EXPECT_TRUE(read->status.phase.empty());

  p.status.phase = "Running";
  p.status.podIP = "10.87.0.2";
  auto& cs = p.status.containerStatuses.emplace_back();
  cs.name = "c";
  cs.state.running.emplace().startedAt.rfc3339 = "2026-11-26T10:00:00Z";
  cs.ready = true;
  p.metadata.annotations["podcore.io/phase-timings"] = "validate=1us";
  ASSERT_TRUE(state_->write_status(p));
  read = state_->read_pod("uid-1");
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_EQ(read->status, p.status);
  EXPECT_EQ(read->metadata.annotations.at("podcore.io/phase-timings"), "validate=1us");
  EXPECT_EQ(read->spec, p.spec) << "pod.json is untouched";

  EXPECT_FALSE(state_->create_pod_dir(p)) << "a pod directory is created once";
  EXPECT_EQ(state_->pod_dirs(), std::vector<std::string>{"uid-1"});
  ASSERT_TRUE(state_->remove_pod_dir("uid-1"));
  EXPECT_TRUE(state_->remove_pod_dir("uid-1")) << "idempotent";
  EXPECT_FALSE(fs::exists(state_->pod_dir("uid-1")));
}

TEST_F(StateDirTest, ListsSortedByNamespaceAndName) {
  for (auto [ns, name, uid] :
       {std::tuple{"b", "web", "1"}, std::tuple{"a", "zed", "2"}, std::tuple{"a", "db", "3"}}) {
    ASSERT_TRUE(state_->create_pod_dir(pod(name, uid)));
    ASSERT_TRUE(state_->reserve_name(ns, name, uid));
  }
  auto all = state_->list(std::nullopt);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].namespace_ + "/" + all[0].name, "a/db");
  EXPECT_EQ(all[1].namespace_ + "/" + all[1].name, "a/zed");
  EXPECT_EQ(all[2].namespace_ + "/" + all[2].name, "b/web");
  auto a = state_->list(std::string("a"));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].uid, "3");
  EXPECT_TRUE(state_->list(std::string("none")).empty());
}

// The record is the object itself, not kubectl's rendering of it: strings that kubectl's YAML
// would fold (a raw NEL reads back as a space there) come back byte for byte, in the spec and in
// the status. The manifest fuzzer found the NEL case (tests/data/fuzz-regressions).
TEST_F(StateDirTest, RecordsKeepEveryStringExactly) {
  manifest::Pod p = pod("odd", "uid-odd");
  const std::string odd =
      "a \xC2\x85 b\xC2\x85\xC2\x85"
      "c \xE2\x80\xA8 d\te\r\n\x01 \"'{}: #";
  p.spec.containers[0].args = {odd, "\xC2\x85", " lead", "trail "};
  ASSERT_TRUE(state_->create_pod_dir(p));
  p.status.message = odd;
  ASSERT_TRUE(state_->write_status(p));
  auto read = state_->read_pod("uid-odd");
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_EQ(read->spec.containers[0].args, p.spec.containers[0].args);
  EXPECT_EQ(read->status.message, odd);
  EXPECT_TRUE(fs::exists(state_->pod_dir("uid-odd") / kPodFile));
  EXPECT_TRUE(fs::exists(state_->pod_dir("uid-odd") / kStatusFile));
}

}  // namespace
}  // namespace podcore::pod
