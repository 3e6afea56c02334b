// Pod events: append, fold repeats, kubectl describe's Events table.
#include "pod/events.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

namespace podcore::pod {
namespace {

using namespace std::chrono_literals;

TEST(PodEvents, AppendFoldAndDescribe) {
  char tmpl[] = "/tmp/podcore-events-test-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::filesystem::path dir(tmpl);
  auto path = dir / "events.log";
  WallTime t0 = *parse_rfc3339("2026-11-26T10:00:00Z");

  auto empty = read_events(path);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(describe_events(*empty, t0), "Events:  <none>\n");

  ASSERT_TRUE(
      append_event(path, {"Normal", "Scheduled", "Successfully assigned default/hello-pod to node1",
                          "", "default-scheduler", t0}));
  ASSERT_TRUE(append_event(path, {"Normal", "Started", "Started container app",
                                  "spec.containers{app}", "kubelet", t0 + 1s}));
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(append_event(path, {"Warning", "BackOff",
                                    "Back-off restarting failed container app in pod "
                                    "hello-pod_default(u)\twith a tab",
                                    "spec.containers{app}", "kubelet", t0 + 10s + i * 20s}));
  auto events = read_events(path);
  ASSERT_TRUE(events) << events.error().to_string();
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[2].count, 3);
  EXPECT_EQ((*events)[2].message,
            "Back-off restarting failed container app in pod hello-pod_default(u)\twith a tab");
  EXPECT_EQ((*events)[2].first_time, t0 + 10s);
  EXPECT_EQ((*events)[2].last_time, t0 + 50s);

  (*events)[2].message = "Back-off restarting failed container app";
  EXPECT_EQ(describe_events(*events, t0 + 60s),
            "Events:\n"
            "  Type     Reason     Age                From               Message\n"
            "  ----     ------     ----               ----               -------\n"
            "  Normal   Scheduled  60s                default-scheduler  Successfully assigned "
            "default/hello-pod to node1\n"
            "  Normal   Started    59s                kubelet            Started container app\n"
            "  Warning  BackOff    10s (x3 over 50s)  kubelet            Back-off restarting "
            "failed container app\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace podcore::pod
