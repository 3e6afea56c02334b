// podctl image: the local image store (import, ls, tag, rm, inspect).
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base/file.hpp"
#include "commands.hpp"
#include "manifest/value.hpp"
#include "sandbox/image_store.hpp"

namespace podctl {

namespace {

namespace sb = podcore::sandbox;

const char* kImageHelp =
    "Manage the local image store (no registry is contacted; images are imported).\n"
    "\n"
    "Usage:\n"
    "  podctl image import REF PATH [flags]   import a root filesystem directory, a bundle\n"
    "                                         (PATH/rootfs + PATH/config.json) or a tar archive\n"
    "  podctl image ls [-q]                   list images (IMAGE TAG IMAGE ID SIZE)\n"
    "  podctl image tag SRC DST               make DST refer to the image of SRC\n"
    "  podctl image rm REF...                 remove references (content goes with the last one)\n"
    "  podctl image inspect REF               print the image's id, root filesystem and config\n"
    "\n"
    "Import flags (override the bundle's config.json):\n"
    "      --entrypoint ARGS  JSON array ('[\"sh\",\"-c\"]') or words (\"sh -c\")\n"
    "      --cmd ARGS         JSON array or words\n"
    "      --env NAME=VALUE   (repeatable)\n"
    "      --workdir DIR\n"
    "      --user USER[:GROUP]\n"
    "\n"
    "Common flags:\n"
    "      --state-dir DIR    the runtime state directory (default $PODCORE_STATE_DIR,\n"
    "                         else /run/podcore); images live in DIR/images/\n"
    "\n"
    "References are normalised as Docker does: busybox = docker.io/library/busybox:latest.\n";

int fail_msg(const std::string& msg) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  return 1;
}

int fail_err(const podcore::Error& e) {
  return fail_msg(e.to_string());
}

// "--name value" or "--name=value".
bool take(std::span<const std::string_view> args, std::size_t& i, std::string_view name,
          std::string& out, bool& missing) {
  std::string_view a = args[i];
  if (a == name) {
    if (i + 1 >= args.size()) {
      missing = true;
      return true;
    }
    out = args[++i];
    return true;
  }
  if (a.size() > name.size() && a.starts_with(name) && a[name.size()] == '=') {
    out = a.substr(name.size() + 1);
    return true;
  }
  return false;
}

std::optional<std::vector<std::string>> parse_args_list(const std::string& text) {
  std::vector<std::string> out;
  if (!text.empty() && text.front() == '[') {
    try {
      YAML::Node n = YAML::Load(text);
      if (!n.IsSequence()) return std::nullopt;
      for (const auto& item : n) out.push_back(item.as<std::string>());
    } catch (const YAML::Exception&) {
      return std::nullopt;
    }
    return out;
  }
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

int cmd_image(std::span<const std::string_view> args) {
  if (args.empty()) {
    std::fputs(kImageHelp, stderr);
    return 1;
  }
  std::string_view verb = args[0];
  if (verb == "-h" || verb == "--help" || verb == "help") {
    std::fputs(kImageHelp, stdout);
    return 0;
  }
  std::string state_dir = sb::default_state_dir().string();
  sb::ImportOptions opts;
  bool quiet = false;
  std::vector<std::string> pos;
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string v;
    bool missing = false;
    std::string_view a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kImageHelp, stdout);
      return 0;
    }
    if (take(args, i, "--state-dir", v, missing)) {
      state_dir = v;
    } else if (verb == "import" && take(args, i, "--entrypoint", v, missing)) {
      opts.entrypoint = parse_args_list(v);
      if (!opts.entrypoint && !missing) return fail_msg("--entrypoint: invalid JSON array: " + v);
    } else if (verb == "import" && take(args, i, "--cmd", v, missing)) {
      opts.cmd = parse_args_list(v);
      if (!opts.cmd && !missing) return fail_msg("--cmd: invalid JSON array: " + v);
    } else if (verb == "import" && take(args, i, "--env", v, missing)) {
      if (!missing && v.find('=') == std::string::npos)
        return fail_msg("--env: expected NAME=VALUE, got \"" + v + "\"");
      if (!opts.env) opts.env.emplace();
      opts.env->push_back(v);
    } else if (verb == "import" && take(args, i, "--workdir", v, missing)) {
      opts.working_dir = v;
    } else if (verb == "import" && take(args, i, "--user", v, missing)) {
      opts.user = v;
    } else if (verb == "ls" && (a == "-q" || a == "--quiet")) {
      quiet = true;
    } else if (a.starts_with("-") && a != "-") {
      return fail_msg("unknown flag: " + std::string(a) + "\nSee 'podctl image --help' for usage.");
    } else {
      pos.emplace_back(a);
    }
    if (missing) return fail_msg("flag needs an argument: " + std::string(a));
  }
  auto store = sb::ImageStore::open(state_dir);
  if (!store) return fail_err(store.error());

  if (verb == "import") {
    if (pos.size() != 2) return fail_msg("usage: podctl image import REF PATH");
    auto img = store->import(pos[0], pos[1], opts);
    if (!img) return fail_err(img.error());
    std::printf("Imported %s: %s\n", img->reference.c_str(), img->id.c_str());
    return 0;
  }
  if (verb == "ls" || verb == "list") {
    if (!pos.empty()) return fail_msg("usage: podctl image ls [-q]");
    auto list = store->list();
    if (!list) return fail_err(list.error());
    if (quiet) {
      std::vector<std::string> seen;
      for (const auto& s : *list)
        if (std::find(seen.begin(), seen.end(), s.id) == seen.end()) {
          seen.push_back(s.id);
          std::printf("%s\n", s.id.c_str());
        }
      return 0;
    }
    std::fputs(sb::format_image_table(*list).c_str(), stdout);
    return 0;
  }
  if (verb == "tag") {
    if (pos.size() != 2) return fail_msg("usage: podctl image tag SRC DST");
    if (auto r = store->tag(pos[0], pos[1]); !r) return fail_err(r.error());
    return 0;
  }
  if (verb == "rm" || verb == "rmi") {
    if (pos.empty()) return fail_msg("usage: podctl image rm REF...");
    int rc = 0;
    for (const auto& ref : pos) {
      auto img = store->resolve(ref);
      if (auto r = store->remove(ref); !r) {
        fail_err(r.error());
        rc = 1;
        continue;
      }
      std::printf("Deleted: %s\n", img ? img->reference.c_str() : ref.c_str());
    }
    return rc;
  }
  if (verb == "inspect") {
    if (pos.size() != 1) return fail_msg("usage: podctl image inspect REF");
    auto img = store->resolve(pos[0]);
    if (!img) return fail_err(img.error());
    namespace mf = podcore::manifest;
    auto list = [](const std::vector<std::string>& v) {
      std::string out = "[";
      for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + mf::json_quote(v[i]);
      return out + "]";
    };
    std::printf(
        "{\n  \"reference\": %s,\n  \"id\": %s,\n  \"rootfs\": %s,\n  \"config\": {\n"
        "    \"Entrypoint\": %s,\n    \"Cmd\": %s,\n    \"Env\": %s,\n    \"WorkingDir\": %s,\n"
        "    \"User\": %s\n  }\n}\n",
        mf::json_quote(img->reference).c_str(), mf::json_quote(img->id).c_str(),
        mf::json_quote(img->rootfs.string()).c_str(), list(img->config.entrypoint).c_str(),
        list(img->config.cmd).c_str(), list(img->config.env).c_str(),
        mf::json_quote(img->config.working_dir).c_str(), mf::json_quote(img->config.user).c_str());
    return 0;
  }
  return fail_msg("unknown image command \"" + std::string(verb) +
                  "\"\nSee 'podctl image --help' for usage.");
}

}  // namespace podctl
