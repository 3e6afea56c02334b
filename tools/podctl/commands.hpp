// podctl subcommands. Each returns the process exit code.
#pragma once

#include <span>
#include <string_view>

namespace podctl {

/// `podctl apply -f FILE... [--dry-run[=server|client]] [-o yaml|json] [-n NS] [--validate=MODE]`
int cmd_apply(std::span<const std::string_view> args);

/// `podctl image import|ls|tag|rm|inspect ... [--state-dir DIR]`
int cmd_image(std::span<const std::string_view> args);

}  // namespace podctl
