// Command/args and environment composition (kubelet + containerd rules).
#include "sandbox/command.hpp"

#include <algorithm>

namespace podcore::sandbox {

std::string expand_references(
    std::string_view input,
    const std::function<std::optional<std::string>(std::string_view)>& lookup) {
  std::string out;
  out.reserve(input.size());
  size_t checkpoint = 0;
  for (size_t cursor = 0; cursor < input.size(); ++cursor) {
    if (input[cursor] != '$' || cursor + 1 >= input.size()) continue;
    out.append(input.substr(checkpoint, cursor - checkpoint));
    std::string_view rest = input.substr(cursor + 1);
    size_t advance = 1;
    if (rest[0] == '$') {
      out += '$';  // escaped operator
    } else if (rest[0] == '(') {
      size_t close = rest.find(')', 1);
      if (close == std::string_view::npos) {
        out += "$(";  // incomplete reference: kept, scanning resumes after '('
      } else {
        std::string_view name = rest.substr(1, close - 1);
        auto v = lookup(name);
        if (v) {
          out += *v;
        } else {
          out += "$(";
          out += name;
          out += ')';
        }
        advance = close + 1;
      }
    } else {
      out += '$';
      out += rest[0];
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  if (checkpoint < input.size()) out.append(input.substr(checkpoint));
  return out;
}

void EnvList::set(std::string_view name, std::string value) {
  for (auto& [k, v] : entries_) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  entries_.emplace_back(std::string(name), std::move(value));
}

std::optional<std::string> EnvList::get(std::string_view name) const {
  for (const auto& [k, v] : entries_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> EnvList::to_strings() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& [k, v] : entries_) out.push_back(k + "=" + v);
  return out;
}

std::expected<EnvList, ConfigFailure> kubelet_environment(const DownwardContext& ctx,
                                                          const manifest::Container& container) {
  constexpr std::string_view kConfigError = "CreateContainerConfigError";
  EnvList env;
  for (const auto& from : container.envFrom) {
    // No ConfigMap or Secret exists on a node without an API server.
    if (from.configMapRef && !from.configMapRef->optional.value_or(false)) {
      return std::unexpected(ConfigFailure{
          std::string(kConfigError), "configmap \"" + from.configMapRef->name + "\" not found"});
    }
    if (from.secretRef && !from.secretRef->optional.value_or(false)) {
      return std::unexpected(ConfigFailure{std::string(kConfigError),
                                           "secret \"" + from.secretRef->name + "\" not found"});
    }
  }
  auto lookup = [&env](std::string_view name) { return env.get(name); };
  for (const auto& var : container.env) {
    std::string value = var.value;
    if (!value.empty()) {
      value = expand_references(value, lookup);
    } else if (var.valueFrom) {
      const auto& from = *var.valueFrom;
      if (from.fieldRef) {
        auto v = field_ref_value(ctx, from.fieldRef->fieldPath);
        if (!v) return std::unexpected(ConfigFailure{std::string(kConfigError), v.error().message});
        value = std::move(*v);
      } else if (from.resourceFieldRef) {
        auto v = resource_field_value(ctx, container, *from.resourceFieldRef);
        if (!v) return std::unexpected(ConfigFailure{std::string(kConfigError), v.error().message});
        value = std::move(*v);
      } else if (from.configMapKeyRef) {
        if (from.configMapKeyRef->optional.value_or(false)) continue;
        return std::unexpected(
            ConfigFailure{std::string(kConfigError),
                          "configmap \"" + from.configMapKeyRef->name + "\" not found"});
      } else if (from.secretKeyRef) {
        if (from.secretKeyRef->optional.value_or(false)) continue;
        return std::unexpected(ConfigFailure{
            std::string(kConfigError), "secret \"" + from.secretKeyRef->name + "\" not found"});
      } else if (from.fileKeyRef) {
        return std::unexpected(ConfigFailure{std::string(kConfigError),
                                             "env " + var.name + ": fileKeyRef is not supported"});
      }
    }
    env.set(var.name, std::move(value));
  }
  return env;
}

std::vector<std::string> container_environment(const ImageConfig& image, const EnvList& kubelet_env,
                                               std::string_view hostname) {
  EnvList all;
  bool has_path = false;
  for (const auto& kv : image.env) {
    auto eq = kv.find('=');
    std::string_view name = std::string_view(kv).substr(0, eq);
    std::string value = eq == std::string::npos ? std::string() : kv.substr(eq + 1);
    if (name == "PATH") has_path = true;
    all.set(name, std::move(value));
  }
  if (!has_path && !kubelet_env.get("PATH")) all.set("PATH", std::string(kDefaultPath));
  // containerd puts HOSTNAME first among the runtime's additions; the spec wins.
  if (!kubelet_env.get("HOSTNAME")) all.set("HOSTNAME", std::string(hostname));
  for (const auto& [k, v] : kubelet_env.entries()) all.set(k, v);
  return all.to_strings();
}

std::expected<std::vector<std::string>, ConfigFailure> container_argv(
    const ImageConfig& image, const manifest::Container& container, const EnvList& kubelet_env) {
  auto lookup = [&kubelet_env](std::string_view name) { return kubelet_env.get(name); };
  std::vector<std::string> command;
  std::vector<std::string> args;
  for (const auto& c : container.command) command.push_back(expand_references(c, lookup));
  for (const auto& a : container.args) args.push_back(expand_references(a, lookup));
  if (command.empty()) {
    if (args.empty()) args = image.cmd;
    if (!(image.entrypoint.size() == 1 && image.entrypoint[0].empty())) command = image.entrypoint;
  }
  if (command.empty() && args.empty()) {
    return std::unexpected(ConfigFailure{"CreateContainerError", "no command specified"});
  }
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

std::vector<std::string> exec_candidates(std::string_view argv0, std::string_view path_env) {
  std::vector<std::string> out;
  if (argv0.find('/') != std::string_view::npos) {
    out.emplace_back(argv0);
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t colon = path_env.find(':', start);
    std::string_view dir = path_env.substr(
        start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    std::string p = dir.empty() ? std::string(".") : std::string(dir);
    p += '/';
    p += argv0;
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  return out;
}

}  // namespace podcore::sandbox
