// Go text/tabwriter alignment as kubectl prints tables.
#include "base/tabwriter.hpp"

#include <gtest/gtest.h>

namespace podcore {
namespace {

TEST(TabWriter, KubectlGetPods) {
  auto w = TabWriter::for_get();
  w.write("NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n");
  w.write("hello-pod\t1/1\tRunning\t0\t5s\n");
  w.write("web-sync\t2/2\tCrashLoopBackOff\t3 (42s ago)\t10m\n");
  EXPECT_EQ(w.render(),
            "NAME        READY   STATUS             RESTARTS      AGE\n"
            "hello-pod   1/1     Running            0             5s\n"
            "web-sync    2/2     CrashLoopBackOff   3 (42s ago)   10m\n");
}

TEST(TabWriter, MinWidthAndBlocks) {
  auto w = TabWriter::for_get();
  w.write("a\tb\n");
  w.write("no tabs here at all\n");
  w.write("ccc\td\n");
  // The line without a tab ends the column block: each block sized alone.
  EXPECT_EQ(w.render(), "a     b\nno tabs here at all\nccc   d\n");
}

TEST(TabWriter, DescribeAndUtf8) {
  auto w = TabWriter::for_describe();
  w.write("Name:\thello\n");
  w.write("Namespace:\tdefault\n");
  w.write("Ünïcode:\tx");
  EXPECT_EQ(w.render(), "Name:       hello\nNamespace:  default\nÜnïcode:    x");
}

}  // namespace
}  // namespace podcore
