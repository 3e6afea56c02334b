// podctl subcommands. Each returns the process exit code.
#pragma once

#include <span>
#include <string_view>

namespace podctl {

struct GlobalFlags;

/// `podctl apply|create -f FILE... [--dry-run[=server|client]] [-o yaml|json|name]
/// [--validate=MODE]`; `create` reports an existing pod as AlreadyExists, apply
/// as unchanged (same spec) or Forbidden (pods are immutable).
int cmd_apply(std::span<const std::string_view> args, const GlobalFlags& flags, bool create);

/// `podctl image import|ls|tag|rm|inspect ... [--state-dir DIR]`
int cmd_image(std::span<const std::string_view> args);

/// `podctl get pods [NAME...] [-o wide|yaml|json|name|jsonpath=T] [-l SEL] [--show-labels] [-w]`
int cmd_get(std::span<const std::string_view> args, const GlobalFlags& flags);
/// `podctl describe pod [NAME...]`
int cmd_describe(std::span<const std::string_view> args, const GlobalFlags& flags);
/// `podctl logs NAME [-c C] [-f] [-p] [--timestamps] [--tail N] [--since D]`
int cmd_logs(std::span<const std::string_view> args, const GlobalFlags& flags);
/// `podctl exec NAME [-c C] [-i] [-t] -- CMD...` (the command's exit code)
int cmd_exec(std::span<const std::string_view> args, const GlobalFlags& flags);
/// `podctl delete pod NAME... | pods --all | -f FILE [--grace-period N] [--force]`
int cmd_delete(std::span<const std::string_view> args, const GlobalFlags& flags);
/// `podctl top pod [NAME]`
int cmd_top(std::span<const std::string_view> args, const GlobalFlags& flags);
/// `podctl wait --for=condition=Ready|delete|jsonpath=... pod/NAME [--timeout=30s]`
int cmd_wait(std::span<const std::string_view> args, const GlobalFlags& flags);

}  // namespace podctl
