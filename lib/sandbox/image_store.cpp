// The local image store (see image_store.hpp for the layout).
#include "sandbox/image_store.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "base/clock.hpp"
#include "base/file.hpp"
#include "base/random.hpp"
#include "base/unique_fd.hpp"
#include "manifest/image_ref.hpp"
#include "manifest/value.hpp"
#include "sandbox/image_digest.hpp"
#include "sandbox/pod_format.hpp"

extern char** environ;

namespace podcore::sandbox {

namespace fs = std::filesystem;

namespace {

constexpr auto kLockTimeout = std::chrono::seconds(30);
constexpr std::string_view kImportStage = "sandbox.image_import";

std::string escape_ref(std::string_view ref) {
  std::string out;
  for (char c : ref) {
    if (c == '%')
      out += "%25";
    else if (c == '/')
      out += "%2F";
    else if (c == ':')
      out += "%3A";
    else
      out += c;
  }
  return out;
}

Result<manifest::ImageReference> parse_ref(std::string_view ref) {
  auto r = manifest::parse_image_reference(ref);
  if (!r) {
    Error e = r.error();
    e.stage = "sandbox.image";
    e.object = std::string(ref);
    return std::unexpected(e);
  }
  return r;
}

// Runs `argv[0]` (an absolute path) with `argv`, stdin/stdout on /dev/null,
// stderr captured. posix_spawn (vfork + exec inside libc) is safe in a
// threaded host; no shell is involved.
Result<void> run_program(const std::vector<std::string>& argv, std::string_view stage,
                         const std::string& object) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0)
    return fail_errno(errno, std::string(stage), object, "pipe2");
  unique_fd rd(pipefd[0]), wr(pipefd[1]);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, wr.get(), 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return fail_errno(rc, std::string(stage), object, "spawn " + argv[0]);
  wr.reset();
  std::string err;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(rd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (err.size() < 16384) err.append(buf, static_cast<std::size_t>(n));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
  std::string what =
      argv[0] + (WIFEXITED(status) ? " exited with status " + std::to_string(WEXITSTATUS(status))
                                   : " was killed by a signal");
  return fail(ErrorCode::kSystem, std::string(stage), what + (err.empty() ? "" : ": " + err),
              object);
}

std::string find_tool(std::string_view name) {
  for (const char* dir : {"/usr/bin/", "/bin/"}) {
    std::string p = std::string(dir) + std::string(name);
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return "/usr/bin/" + std::string(name);
}

// JSON for an ImageConfig, Docker's key names.
std::string config_json(const ImageConfig& c) {
  auto list = [](const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + manifest::json_quote(v[i]);
    return out + "]";
  };
  return "{\"Entrypoint\":" + list(c.entrypoint) + ",\"Cmd\":" + list(c.cmd) +
         ",\"Env\":" + list(c.env) + ",\"WorkingDir\":" + manifest::json_quote(c.working_dir) +
         ",\"User\":" + manifest::json_quote(c.user) + "}";
}

Result<ImageConfig> parse_config(const std::string& text, const std::string& path) {
  ImageConfig c;
  try {
    YAML::Node root = YAML::Load(text);
    YAML::Node n = root["config"] ? root["config"] : root;
    if (!n.IsMap()) return fail(ErrorCode::kInvalid, "sandbox.image", "not a JSON object", path);
    auto list = [&](const char* key, std::vector<std::string>& out) {
      if (n[key] && n[key].IsSequence())
        for (const auto& item : n[key]) out.push_back(item.as<std::string>());
    };
    list("Entrypoint", c.entrypoint);
    list("Cmd", c.cmd);
    list("Env", c.env);
    if (n["WorkingDir"] && n["WorkingDir"].IsScalar())
      c.working_dir = n["WorkingDir"].as<std::string>();
    if (n["User"] && n["User"].IsScalar()) c.user = n["User"].as<std::string>();
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::kInvalid, "sandbox.image", std::string("invalid JSON: ") + e.what(),
                path);
  }
  return c;
}

struct TreeDigest {
  std::string hex;
  std::uint64_t size = 0;
};

// Digest of a canonical listing of the tree: one record per entry, sorted
// by path, with type/mode/owner/size and the content digest or link target.
Result<TreeDigest> digest_tree(const fs::path& root, std::string_view config) {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec))
    paths.push_back(it->path());
  if (ec) return fail_errno(ec.value(), std::string(kImportStage), root.string(), "walk");
  std::sort(paths.begin(), paths.end());
  Sha256 tree;
  TreeDigest out;
  tree.update(config);
  std::string buf(1 << 16, '\0');
  std::map<std::pair<dev_t, ino_t>, std::string> contents;
  for (const auto& p : paths) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0)
      return fail_errno(errno, std::string(kImportStage), p.string(), "lstat");
    std::string rec = fs::relative(p, root).string();
    rec += '\0';
    rec += podfmt::format("{} {} {} {} ", static_cast<unsigned>(st.st_mode),
                          static_cast<unsigned>(st.st_uid), static_cast<unsigned>(st.st_gid),
                          static_cast<long long>(st.st_size));
    if (S_ISREG(st.st_mode)) {
      // Hard links (busybox's applets) are hashed and counted once.
      auto [seen, fresh] = contents.try_emplace({st.st_dev, st.st_ino}, std::string());
      if (!fresh) {
        rec += seen->second;
        rec += '\n';
        tree.update(rec);
        continue;
      }
      out.size += static_cast<std::uint64_t>(st.st_size);
      unique_fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
      if (!fd) return fail_errno(errno, std::string(kImportStage), p.string(), "open");
      Sha256 file;
      for (;;) {
        ssize_t n = ::read(fd.get(), buf.data(), buf.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail_errno(errno, std::string(kImportStage), p.string(), "read");
        if (n == 0) break;
        file.update(std::string_view(buf.data(), static_cast<std::size_t>(n)));
      }
      seen->second = file.hex_digest();
      rec += seen->second;
    } else if (S_ISLNK(st.st_mode)) {
      out.size += static_cast<std::uint64_t>(st.st_size);
      rec += fs::read_symlink(p, ec).string();
    } else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
      rec += podfmt::format("{}:{}", major(st.st_rdev), minor(st.st_rdev));
    }
    rec += '\n';
    tree.update(rec);
  }
  out.hex = tree.hex_digest();
  return out;
}

struct RefRecord {
  std::string id;
  std::string reference;
};

std::optional<RefRecord> read_ref_file(const fs::path& p) {
  auto text = read_file(p.string());
  if (!text) return std::nullopt;
  auto nl = text->find('\n');
  if (nl == std::string::npos) return std::nullopt;
  RefRecord r{text->substr(0, nl), text->substr(nl + 1)};
  while (!r.reference.empty() && r.reference.back() == '\n') r.reference.pop_back();
  return r;
}

std::string hex_of(std::string_view id) {
  return std::string(id.starts_with("sha256:") ? id.substr(7) : id);
}

}  // namespace

fs::path default_state_dir() {
  if (const char* env = std::getenv("PODCORE_STATE_DIR"); env && *env) return env;
  return "/run/podcore";
}

Result<ImageStore> ImageStore::open(const fs::path& state_dir) {
  fs::path root = state_dir / "images";
  for (const char* sub : {"blobs", "refs", "tmp"}) {
    std::error_code ec;
    fs::create_directories(root / sub, ec);
    if (ec) return fail_errno(ec.value(), "sandbox.image", (root / sub).string(), "mkdir");
  }
  return ImageStore(root);
}

Result<Image> ImageStore::import(std::string_view reference, const fs::path& source,
                                 const ImportOptions& options) {
  auto ref = parse_ref(reference);
  if (!ref) return std::unexpected(ref.error());
  const std::string canonical = ref->canonical();
  std::error_code ec;
  auto st = fs::status(source, ec);
  if (ec || !fs::exists(st))
    return fail(ErrorCode::kNotFound, std::string(kImportStage), "no such file or directory",
                source.string());
  auto lock =
      FileLock::acquire((root_ / ".lock").string(), FileLock::Mode::kExclusive, kLockTimeout);
  if (!lock) return std::unexpected(lock.error());

  fs::path staging =
      root_ / "tmp" / ("import-" + random_string(12, "abcdefghijklmnopqrstuvwxyz0123456789"));
  auto cleanup = [&] { fs::remove_all(staging, ec); };
  fs::create_directories(staging / "unpack", ec);
  if (ec) return fail_errno(ec.value(), std::string(kImportStage), staging.string(), "mkdir");

  // Unpack or copy into staging/unpack.
  Result<void> copied;
  if (fs::is_directory(st)) {
    copied = run_program({find_tool("cp"), "-a", "--reflink=auto", "--", source.string() + "/.",
                          (staging / "unpack").string()},
                         kImportStage, source.string());
  } else {
    copied = run_program(
        {find_tool("tar"), "-x", "-f", source.string(), "-C", (staging / "unpack").string(),
         "--numeric-owner", "--same-permissions", "--same-owner"},
        kImportStage, source.string());
  }
  if (!copied) {
    cleanup();
    return std::unexpected(copied.error());
  }

  // A bundle (rootfs/ + config.json) or a bare root filesystem.
  ImageConfig config;
  fs::path unpack = staging / "unpack";
  if (fs::is_directory(unpack / "rootfs") && fs::is_regular_file(unpack / "config.json")) {
    auto text = read_file((unpack / "config.json").string());
    if (!text) {
      cleanup();
      return std::unexpected(text.error());
    }
    auto parsed = parse_config(*text, (source / "config.json").string());
    if (!parsed) {
      cleanup();
      return std::unexpected(parsed.error());
    }
    config = *parsed;
    fs::rename(unpack / "rootfs", staging / "rootfs", ec);
    if (!ec) fs::remove_all(unpack, ec);
  } else {
    fs::rename(unpack, staging / "rootfs", ec);
  }
  if (ec) {
    cleanup();
    return fail_errno(ec.value(), std::string(kImportStage), staging.string(), "rename");
  }
  if (options.entrypoint) config.entrypoint = *options.entrypoint;
  if (options.cmd) config.cmd = *options.cmd;
  if (options.env) config.env = *options.env;
  if (options.working_dir) config.working_dir = *options.working_dir;
  if (options.user) config.user = *options.user;
  ::chmod((staging / "rootfs").c_str(), 0755);

  const std::string cfg_json = config_json(config);
  auto digest = digest_tree(staging / "rootfs", cfg_json);
  if (!digest) {
    cleanup();
    return std::unexpected(digest.error());
  }
  const std::string id = "sha256:" + digest->hex;
  const fs::path blob = root_ / "blobs" / digest->hex;
  if (fs::exists(blob / "image.json")) {
    cleanup();  // the same content is stored already
  } else {
    std::string meta = "{\"id\":" + manifest::json_quote(id) +
                       ",\"size\":" + std::to_string(digest->size) +
                       ",\"created\":" + manifest::json_quote(format_rfc3339(wall_now())) +
                       ",\"config\":" + cfg_json + "}\n";
    if (auto w = write_file_atomic((staging / "image.json").string(), meta); !w) {
      cleanup();
      return std::unexpected(w.error());
    }
    fs::remove_all(blob, ec);  // a half-removed leftover
    fs::rename(staging, blob, ec);
    if (ec) {
      cleanup();
      return fail_errno(ec.value(), std::string(kImportStage), blob.string(), "rename");
    }
  }

  // Point the reference at it; drop the old content if nothing else uses it.
  const fs::path ref_file = root_ / "refs" / escape_ref(canonical);
  auto old = read_ref_file(ref_file);
  if (auto w = write_file_atomic(ref_file.string(), id + "\n" + canonical + "\n"); !w)
    return std::unexpected(w.error());
  if (old && old->id != id) {
    bool used = false;
    for (const auto& e : fs::directory_iterator(root_ / "refs", ec))
      if (auto r = read_ref_file(e.path()); r && r->id == old->id) used = true;
    if (!used) {
      fs::path trash = root_ / "tmp" / ("rm-" + hex_of(old->id));
      fs::rename(root_ / "blobs" / hex_of(old->id), trash, ec);
      fs::remove_all(trash, ec);
    }
  }
  return Image{canonical, id, blob / "rootfs", config};
}

Result<Image> ImageStore::resolve(std::string_view reference) const {
  auto ref = parse_ref(reference);
  if (!ref) return std::unexpected(ref.error());
  const std::string canonical = ref->canonical();
  auto rec = read_ref_file(root_ / "refs" / escape_ref(canonical));
  if (!rec)
    return fail(ErrorCode::kNotFound, "sandbox.image", "image not present locally", canonical);
  const fs::path blob = root_ / "blobs" / hex_of(rec->id);
  auto meta = read_file((blob / "image.json").string());
  if (!meta)
    return fail(ErrorCode::kNotFound, "sandbox.image",
                "image content missing: " + (blob / "image.json").string(), canonical);
  auto config = parse_config(*meta, (blob / "image.json").string());
  if (!config) return std::unexpected(config.error());
  return Image{canonical, rec->id, blob / "rootfs", *config};
}

Result<std::vector<ImageSummary>> ImageStore::list() const {
  std::vector<ImageSummary> out;
  std::error_code ec;
  std::map<std::string, std::uint64_t> sizes;
  for (const auto& e : fs::directory_iterator(root_ / "refs", ec)) {
    auto rec = read_ref_file(e.path());
    if (!rec) continue;
    auto ref = manifest::parse_image_reference(rec->reference);
    if (!ref) continue;
    ImageSummary s;
    s.reference = rec->reference;
    s.repository = ref->name();
    s.tag = ref->tag.empty() ? (ref->digest.empty() ? "latest" : "<none>") : ref->tag;
    s.id = rec->id;
    auto [it, fresh] = sizes.try_emplace(rec->id, 0);
    if (fresh) {
      if (auto meta = read_file((root_ / "blobs" / hex_of(rec->id) / "image.json").string())) {
        try {
          it->second = YAML::Load(*meta)["size"].as<std::uint64_t>();
        } catch (const YAML::Exception&) {
        }
      }
    }
    s.size = it->second;
    out.push_back(std::move(s));
  }
  if (ec) return fail_errno(ec.value(), "sandbox.image", (root_ / "refs").string(), "list");
  std::sort(out.begin(), out.end(), [](const ImageSummary& a, const ImageSummary& b) {
    return std::tie(a.repository, a.tag) < std::tie(b.repository, b.tag);
  });
  return out;
}

Result<void> ImageStore::tag(std::string_view source, std::string_view target) {
  auto dst = parse_ref(target);
  if (!dst) return std::unexpected(dst.error());
  auto lock =
      FileLock::acquire((root_ / ".lock").string(), FileLock::Mode::kExclusive, kLockTimeout);
  if (!lock) return std::unexpected(lock.error());
  auto img = resolve(source);
  if (!img) return std::unexpected(img.error());
  const std::string canonical = dst->canonical();
  const fs::path ref_file = root_ / "refs" / escape_ref(canonical);
  auto old = read_ref_file(ref_file);
  if (auto w = write_file_atomic(ref_file.string(), img->id + "\n" + canonical + "\n"); !w)
    return std::unexpected(w.error());
  if (old && old->id != img->id) {
    std::error_code ec;
    bool used = false;
    for (const auto& e : fs::directory_iterator(root_ / "refs", ec))
      if (auto r = read_ref_file(e.path()); r && r->id == old->id) used = true;
    if (!used) {
      fs::path trash = root_ / "tmp" / ("rm-" + hex_of(old->id));
      fs::rename(root_ / "blobs" / hex_of(old->id), trash, ec);
      fs::remove_all(trash, ec);
    }
  }
  return {};
}

Result<void> ImageStore::remove(std::string_view reference) {
  auto ref = parse_ref(reference);
  if (!ref) return std::unexpected(ref.error());
  const std::string canonical = ref->canonical();
  auto lock =
      FileLock::acquire((root_ / ".lock").string(), FileLock::Mode::kExclusive, kLockTimeout);
  if (!lock) return std::unexpected(lock.error());
  const fs::path ref_file = root_ / "refs" / escape_ref(canonical);
  auto rec = read_ref_file(ref_file);
  if (!rec) return fail(ErrorCode::kNotFound, "sandbox.image", "no such image", canonical);
  if (::unlink(ref_file.c_str()) != 0)
    return fail_errno(errno, "sandbox.image", ref_file.string(), "unlink");
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root_ / "refs", ec))
    if (auto r = read_ref_file(e.path()); r && r->id == rec->id) return {};
  // Rename first so a half-done removal never looks like a complete image.
  fs::path trash = root_ / "tmp" / ("rm-" + hex_of(rec->id));
  fs::rename(root_ / "blobs" / hex_of(rec->id), trash, ec);
  if (ec)
    return fail_errno(ec.value(), "sandbox.image", (root_ / "blobs" / hex_of(rec->id)).string(),
                      "rename");
  fs::remove_all(trash, ec);
  if (ec) return fail_errno(ec.value(), "sandbox.image", trash.string(), "remove");
  return {};
}

EnsureImageResult ImageStore::ensure_image(std::string_view image,
                                           std::string_view pull_policy) const {
  EnsureImageResult out;
  const std::string img(image);
  auto ref = manifest::parse_image_reference(image);
  if (!ref) {
    out.reason = "InvalidImageName";
    out.message = podfmt::format(
        "Failed to apply default image tag \"{}\": couldn't parse image "
        "name \"{}\": {}",
        img, img, ref.error().message);
    out.events.push_back({"Warning", "InspectFailed", out.message});
    return out;
  }
  std::string policy(pull_policy.empty() ? manifest::default_pull_policy(image) : pull_policy);
  auto found = resolve(image);
  if (found) {
    out.image = *found;
    std::string msg = podfmt::format("Container image \"{}\" already present on machine", img);
    if (policy == "Always") msg += " (imagePullPolicy Always: this runtime does not pull)";
    out.events.push_back({"Normal", "Pulled", msg});
    return out;
  }
  if (policy == "Never") {
    out.reason = "ErrImageNeverPull";
    out.message =
        podfmt::format("Container image \"{}\" is not present with pull policy of Never", img);
    out.events.push_back({"Warning", "ErrImageNeverPull", out.message});
    return out;
  }
  out.reason = "ErrImagePull";
  out.message =
      podfmt::format("image \"{}\" not present locally and this runtime does not pull", img);
  out.events.push_back(
      {"Warning", "Failed", podfmt::format("Failed to pull image \"{}\": {}", img, out.message)});
  out.events.push_back({"Warning", "Failed", "Error: ErrImagePull"});
  return out;
}

std::string human_size(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(bytes);
  std::size_t i = 0;
  while (v >= 1000.0 && i + 1 < std::size(kUnits)) {
    v /= 1000.0;
    ++i;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g%s", v, kUnits[i]);
  return buf;
}

std::string format_image_table(const std::vector<ImageSummary>& images) {
  std::vector<std::array<std::string, 4>> rows;
  rows.push_back({"IMAGE", "TAG", "IMAGE ID", "SIZE"});
  for (const auto& s : images)
    rows.push_back({s.repository, s.tag, hex_of(s.id).substr(0, 13), human_size(s.size)});
  // crictl's tabwriter: minimum cell width 20, padding 3.
  std::array<std::size_t, 4> width{};
  for (const auto& r : rows)
    for (std::size_t c = 0; c < 3; ++c)
      width[c] = std::max({width[c], r[c].size() + 3, std::size_t{20}});
  std::string out;
  for (const auto& r : rows) {
    for (std::size_t c = 0; c < 3; ++c) out += r[c] + std::string(width[c] - r[c].size(), ' ');
    out += r[3] + "\n";
  }
  return out;
}

}  // namespace podcore::sandbox
