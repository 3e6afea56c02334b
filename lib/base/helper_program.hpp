// Where podcore's helper executables (podcore-monitor, podcore-pause) are:
// found from the file this code was loaded from, so an installed
// libpodcore.so.1 finds <prefix>/libexec/podcore/ whatever program loaded it
// (a C program, python3), and a build tree finds tools/<name>/<name>.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

namespace podcore {

/// The file holding this code: libpodcore.so.1 when podcore is used as the
/// shared library, else the executable it is linked into. Empty when the
/// loader cannot say.
std::filesystem::path own_object_path();

/// The places `name` may be, best first: beside the object as installed
/// (<libdir>/../libexec/podcore/<name>, or from <bindir>), beside it, in the
/// build tree's tools/<name>/, then /usr/local/libexec/podcore and
/// /usr/libexec/podcore. The caller takes the first that exists (and puts
/// an explicit option or environment variable before all of them).
std::vector<std::filesystem::path> helper_program_candidates(std::string_view name);

}  // namespace podcore
