#include "manifest/validate_internal.hpp"

namespace podcore::manifest::validation {

std::string inclusive_range_error(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

void append_invalid(FieldErrors& errs, const std::string& path, std::string_view value,
                    const std::vector<std::string>& messages) {
  for (const auto& m : messages) errs.push_back(invalid(path, value, m));
}

}  // namespace podcore::manifest::validation
