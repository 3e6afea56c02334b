#include "manifest_files.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "base/file.hpp"

namespace podctl {

namespace {

podcore::Result<std::string> read_stdin() {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return podcore::fail_errno(errno, "podctl.read", "STDIN", "read");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

bool is_manifest_name(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

}  // namespace

podcore::Result<std::vector<ManifestSource>> read_manifest_sources(
    const std::vector<std::string>& paths) {
  std::vector<ManifestSource> out;
  for (const auto& path : paths) {
    if (path == "-") {
      auto text = read_stdin();
      if (!text) return std::unexpected(text.error());
      out.push_back({"STDIN", std::move(*text)});
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(path, ec))
        if (entry.is_regular_file() && is_manifest_name(entry.path()))
          files.push_back(entry.path());
      if (ec) return podcore::fail_errno(ec.value(), "podctl.read", path, "read directory");
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        auto text = podcore::read_file(f.string());
        if (!text) return std::unexpected(text.error());
        out.push_back({f.string(), std::move(*text)});
      }
      continue;
    }
    auto text = podcore::read_file(path);
    if (!text) {
      if (text.error().sys_errno == ENOENT)
        return podcore::fail(podcore::ErrorCode::kNotFound, "podctl.read",
                             "the path \"" + path + "\" does not exist");
      return std::unexpected(text.error());
    }
    out.push_back({path, std::move(*text)});
  }
  return out;
}

}  // namespace podctl
