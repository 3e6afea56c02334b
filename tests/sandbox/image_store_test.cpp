// The local image store: import from a directory, a bundle and a tar
// archive (modes, owners, symlinks and hard links kept), references
// normalised as Docker does, ls/tag/rm, kubelet's pull-policy outcomes, and
// `podctl image` end to end.
#include "sandbox/image_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/file.hpp"
#include "sandbox/image_digest.hpp"

namespace {

namespace fs = std::filesystem;
using namespace podcore::sandbox;

ImportOptions with_cmd(std::vector<std::string> cmd) {
  ImportOptions o;
  o.cmd = std::move(cmd);
  return o;
}
ImportOptions with_workdir(std::string dir) {
  ImportOptions o;
  o.working_dir = std::move(dir);
  return o;
}

class ImageStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (owners are preserved)";
    std::string tmpl = fs::temp_directory_path() / "podcore-img-XXXXXX";
    dir_ = ::mkdtemp(tmpl.data());
    state_ = dir_ / "state";
    src_ = dir_ / "src";
    // A small root filesystem with what images have: an executable, a
    // symlink, a hard link, odd modes and owners, an empty directory.
    fs::create_directories(src_ / "bin");
    fs::create_directories(src_ / "etc");
    fs::create_directories(src_ / "tmp");
    write(src_ / "bin" / "tool", "#!/bin/sh\necho hi\n", 0755);
    fs::create_symlink("tool", src_ / "bin" / "sh");
    fs::create_hard_link(src_ / "bin" / "tool", src_ / "bin" / "tool2");
    write(src_ / "etc" / "passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644);
    write(src_ / "etc" / "secret", "s\n", 0600);
    EXPECT_EQ(::chown((src_ / "etc" / "secret").c_str(), 1234, 5678), 0);
    EXPECT_EQ(::chmod((src_ / "tmp").c_str(), 01777), 0);
  }
  void TearDown() override {
    if (dir_.empty()) return;
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static void write(const fs::path& p, const std::string& text, unsigned mode) {
    ASSERT_TRUE(podcore::write_file_atomic(p.string(), text, mode));
  }
  ImageStore store() {
    auto s = ImageStore::open(state_);
    EXPECT_TRUE(s);
    return *s;
  }
  fs::path dir_, state_, src_;
};

TEST(ImageDigest, Sha256KnownAnswers) {
  Sha256 a;
  EXPECT_EQ(a.hex_digest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 b;
  b.update("abc");
  EXPECT_EQ(b.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 c;  // two blocks, fed in pieces
  std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  c.update(msg.substr(0, 7));
  c.update(msg.substr(7));
  EXPECT_EQ(c.hex_digest(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_F(ImageStoreTest, ImportDirectoryKeepsModesOwnersAndLinks) {
  auto s = store();
  auto img = s.import("busybox:1.28", src_, with_cmd({"sh"}));
  ASSERT_TRUE(img) << img.error().to_string();
  EXPECT_EQ(img->reference, "docker.io/library/busybox:1.28");
  EXPECT_TRUE(img->id.starts_with("sha256:"));
  EXPECT_EQ(img->id.size(), 7u + 64u);
  EXPECT_EQ(img->config.cmd, std::vector<std::string>{"sh"});
  const fs::path r = img->rootfs;
  EXPECT_EQ(r, state_ / "images" / "blobs" / img->id.substr(7) / "rootfs");
  struct stat st {};
  ASSERT_EQ(::lstat((r / "etc" / "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1234u);
  EXPECT_EQ(st.st_gid, 5678u);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(::lstat((r / "tmp").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 01777u);
  EXPECT_TRUE(fs::is_symlink(r / "bin" / "sh"));
  EXPECT_EQ(fs::read_symlink(r / "bin" / "sh"), "tool");
  EXPECT_EQ(fs::hard_link_count(r / "bin" / "tool"), 2u);
  ASSERT_EQ(::lstat((r / "bin" / "tool").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
  // Nothing left in staging.
  EXPECT_TRUE(fs::is_empty(state_ / "images" / "tmp"));

  // Resolution normalises like Docker.
  for (const char* ref :
       {"busybox:1.28", "library/busybox:1.28", "docker.io/library/busybox:1.28"}) {
    auto got = s.resolve(ref);
    ASSERT_TRUE(got) << ref;
    EXPECT_EQ(got->id, img->id);
    EXPECT_EQ(got->config.cmd, std::vector<std::string>{"sh"});
  }
  auto missing = s.resolve("busybox");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, podcore::ErrorCode::kNotFound);
  EXPECT_EQ(s.resolve("BusyBox").error().code, podcore::ErrorCode::kInvalid);

  // Same content, same config: same id, stored once.
  auto again = s.import("other:1", src_, with_cmd({"sh"}));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, img->id);
  // Different config: different id.
  auto other = s.import("other:2", src_, with_cmd({"true"}));
  ASSERT_TRUE(other);
  EXPECT_NE(other->id, img->id);
}

TEST_F(ImageStoreTest, ImportTarGivesTheSameImageAsTheDirectory) {
  auto s = store();
  auto from_dir = s.import("a:dir", src_);
  ASSERT_TRUE(from_dir) << from_dir.error().to_string();
  std::string cmd = "tar -C " + src_.string() + " -czf " + (dir_ / "img.tgz").string() + " .";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto from_tar = s.import("a:tar", dir_ / "img.tgz");
  ASSERT_TRUE(from_tar) << from_tar.error().to_string();
  EXPECT_EQ(from_tar->id, from_dir->id);
  struct stat st {};
  ASSERT_EQ(::lstat((from_tar->rootfs / "etc" / "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1234u);
}

TEST_F(ImageStoreTest, ImportBundleReadsConfigJson) {
  fs::path bundle = dir_ / "bundle";
  fs::create_directories(bundle);
  fs::rename(src_, bundle / "rootfs");
  write(bundle / "config.json",
        R"({"config":{"Entrypoint":["/bin/tool"],"Cmd":["-x"],"Env":["PATH=/bin","A=b c"],)"
        R"("WorkingDir":"/tmp","User":"1000:1000"}})",
        0644);
  auto s = store();
  auto img = s.import("registry.k8s.io/busybox:1.27.2", bundle, with_workdir("/etc"));
  ASSERT_TRUE(img) << img.error().to_string();
  EXPECT_EQ(img->config.entrypoint, std::vector<std::string>{"/bin/tool"});
  EXPECT_EQ(img->config.cmd, std::vector<std::string>{"-x"});
  EXPECT_EQ(img->config.env, (std::vector<std::string>{"PATH=/bin", "A=b c"}));
  EXPECT_EQ(img->config.working_dir, "/etc");  // the flag wins
  EXPECT_EQ(img->config.user, "1000:1000");
  EXPECT_TRUE(fs::exists(img->rootfs / "bin" / "tool"));
  EXPECT_FALSE(fs::exists(img->rootfs / "config.json"));
  auto again = s.resolve("registry.k8s.io/busybox:1.27.2");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->config.env, img->config.env);
}

TEST_F(ImageStoreTest, ImportErrorsLeaveNothing) {
  auto s = store();
  auto bad = s.import("a", dir_ / "nope");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, podcore::ErrorCode::kNotFound);
  write(dir_ / "junk.tar", "this is not a tar archive\n", 0644);
  bad = s.import("a", dir_ / "junk.tar");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("tar"), std::string::npos) << bad.error().to_string();
  EXPECT_TRUE(fs::is_empty(state_ / "images" / "tmp"));
  EXPECT_TRUE(fs::is_empty(state_ / "images" / "blobs"));
  EXPECT_EQ(s.import("Not Valid", src_).error().code, podcore::ErrorCode::kInvalid);
}

TEST_F(ImageStoreTest, ListTagRemove) {
  auto s = store();
  auto img = s.import("busybox", src_);
  ASSERT_TRUE(img);
  ASSERT_TRUE(s.tag("busybox", "busybox:1.36"));
  ASSERT_TRUE(s.tag("docker.io/library/busybox:latest", "registry.k8s.io/busybox:1.27.2"));
  EXPECT_EQ(s.tag("nothere", "x").error().code, podcore::ErrorCode::kNotFound);
  auto list = s.list();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].repository, "docker.io/library/busybox");
  EXPECT_EQ((*list)[0].tag, "1.36");
  EXPECT_EQ((*list)[1].tag, "latest");
  EXPECT_EQ((*list)[2].reference, "registry.k8s.io/busybox:1.27.2");
  EXPECT_GT((*list)[0].size, 0u);
  std::string table = format_image_table(*list);
  EXPECT_TRUE(table.starts_with(
      "IMAGE                       TAG                 IMAGE ID            SIZE\n"))
      << table;
  EXPECT_NE(table.find("docker.io/library/busybox   1.36                " + img->id.substr(7, 13) +
                       "       "),
            std::string::npos)
      << table;

  const fs::path blob = img->rootfs.parent_path();
  ASSERT_TRUE(s.remove("busybox:1.36"));
  ASSERT_TRUE(s.remove("busybox"));
  EXPECT_TRUE(fs::exists(blob));  // still referenced
  EXPECT_EQ(s.remove("busybox").error().code, podcore::ErrorCode::kNotFound);
  ASSERT_TRUE(s.remove("registry.k8s.io/busybox:1.27.2"));
  EXPECT_FALSE(fs::exists(blob));  // last reference gone
  EXPECT_TRUE(s.list()->empty());
}

TEST_F(ImageStoreTest, ReimportRepointsAndDropsUnusedContent) {
  auto s = store();
  auto first = s.import("app:1", src_);
  ASSERT_TRUE(first);
  write(src_ / "etc" / "new", "x\n", 0644);
  auto second = s.import("app:1", src_);
  ASSERT_TRUE(second);
  EXPECT_NE(first->id, second->id);
  EXPECT_FALSE(fs::exists(first->rootfs));
  EXPECT_EQ(s.resolve("app:1")->id, second->id);
}

TEST_F(ImageStoreTest, PullPolicies) {
  auto s = store();
  ASSERT_TRUE(s.import("busybox:1.28", src_));
  auto ok = s.ensure_image("busybox:1.28", "IfNotPresent");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok.events.size(), 1u);
  EXPECT_EQ(ok.events[0].reason, "Pulled");
  EXPECT_EQ(ok.events[0].message, "Container image \"busybox:1.28\" already present on machine");

  ASSERT_TRUE(s.tag("busybox:1.28", "busybox"));
  auto always = s.ensure_image("busybox");  // untagged → Always by default
  ASSERT_TRUE(always.ok());
  EXPECT_EQ(always.events[0].message,
            "Container image \"busybox\" already present on machine (imagePullPolicy Always: "
            "this runtime does not pull)");

  auto never = s.ensure_image("nginx:1.25", "Never");
  EXPECT_FALSE(never.ok());
  EXPECT_EQ(never.reason, "ErrImageNeverPull");
  EXPECT_EQ(never.message,
            "Container image \"nginx:1.25\" is not present with pull policy of Never");

  auto pull = s.ensure_image("nginx:1.25", "IfNotPresent");
  EXPECT_FALSE(pull.ok());
  EXPECT_EQ(pull.reason, "ErrImagePull");
  EXPECT_EQ(pull.message,
            "image \"nginx:1.25\" not present locally and this runtime does not pull");
  EXPECT_EQ(s.ensure_image("nginx", "Always").reason, "ErrImagePull");

  auto invalid = s.ensure_image("Nginx:1", "");
  EXPECT_EQ(invalid.reason, "InvalidImageName");
  EXPECT_TRUE(invalid.message.starts_with("Failed to apply default image tag \"Nginx:1\": "))
      << invalid.message;
}

TEST(ImageStoreFormat, HumanSizeLikeCrictl) {
  EXPECT_EQ(human_size(0), "0B");
  EXPECT_EQ(human_size(999), "999B");
  EXPECT_EQ(human_size(728000), "728kB");
  EXPECT_EQ(human_size(4270000), "4.27MB");
  EXPECT_EQ(human_size(1234567890), "1.23GB");
}

TEST(ImageStoreFormat, DefaultStateDir) {
  ::unsetenv("PODCORE_STATE_DIR");
  EXPECT_EQ(default_state_dir(), "/run/podcore");
  ::setenv("PODCORE_STATE_DIR", "/tmp/x", 1);
  EXPECT_EQ(default_state_dir(), "/tmp/x");
  ::unsetenv("PODCORE_STATE_DIR");
}

struct CliRun {
  int code = -1;
  std::string out, err;
};

class PodctlImageTest : public ImageStoreTest {
 protected:
  CliRun podctl(const std::string& args, const std::string& env = "") {
    std::string cmd = env + " " + std::string(PODCTL_PATH) + " " + args + " >" +
                      (dir_ / "out.txt").string() + " 2>" + (dir_ / "err.txt").string();
    CliRun r;
    int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = podcore::read_file((dir_ / "out.txt").string()).value_or("");
    r.err = podcore::read_file((dir_ / "err.txt").string()).value_or("");
    return r;
  }
};

TEST_F(PodctlImageTest, ImportLsTagRmEndToEnd) {
  const std::string sd = " --state-dir " + state_.string();
  auto r = podctl("image import busybox:1.28 " + src_.string() +
                  " --cmd '[\"sh\"]' --env PATH=/bin --workdir / --user 0" + sd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("Imported docker.io/library/busybox:1.28: sha256:")) << r.out;

  r = podctl("image tag busybox:1.28 registry.k8s.io/busybox:1.27.2" + sd);
  ASSERT_EQ(r.code, 0) << r.err;
  // The environment variable selects the state dir too.
  r = podctl("image ls", "PODCORE_STATE_DIR=" + state_.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("IMAGE ")) << r.out;
  EXPECT_NE(r.out.find("docker.io/library/busybox   1.28 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("registry.k8s.io/busybox     1.27.2 "), std::string::npos) << r.out;

  r = podctl("image inspect busybox:1.28" + sd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"Cmd\": [\"sh\"]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"Env\": [\"PATH=/bin\"]"), std::string::npos) << r.out;

  r = podctl("image ls -q" + sd);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;

  r = podctl("image rm busybox:1.28 registry.k8s.io/busybox:1.27.2" + sd);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "Deleted: docker.io/library/busybox:1.28\nDeleted: registry.k8s.io/busybox:1.27.2\n");
  r = podctl("image rm busybox:1.28" + sd);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no such image"), std::string::npos) << r.err;
  r = podctl("image import Bad:Ref " + src_.string() + sd);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("repository name must be lowercase"), std::string::npos) << r.err;
  r = podctl("image frobnicate" + sd);
  EXPECT_EQ(r.code, 1);
}

}  // namespace
