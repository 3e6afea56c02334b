// A minimal "{}" formatter for messages (GCC 12 has no <format>).
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace podcore::sandbox::podfmt {

inline void put(std::string& out, std::string_view s) {
  out += s;
}
inline void put(std::string& out, const char* s) {
  out += s;
}
inline void put(std::string& out, const std::string& s) {
  out += s;
}
inline void put(std::string& out, char c) {
  out += c;
}
template <std::integral T>
requires(!std::same_as<T, char>) void put(std::string& out, T v) {
  out += std::to_string(v);
}

/// Replaces each "{}" in `f` by the next argument, in order.
template <class... A>
std::string format(std::string_view f, const A&... args) {
  std::string out;
  out.reserve(f.size() + 16 * sizeof...(args));
  auto next = [&](const auto& arg) {
    auto pos = f.find("{}");
    if (pos == std::string_view::npos) return;
    out += f.substr(0, pos);
    put(out, arg);
    f.remove_prefix(pos + 2);
  };
  (next(args), ...);
  out += f;
  return out;
}

}  // namespace podcore::sandbox::podfmt
