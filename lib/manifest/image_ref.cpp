#include "manifest/image_ref.hpp"

namespace podcore::manifest {

namespace {

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool is_alnum(char c) {
  return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool is_word(char c) {
  return is_alnum(c) || c == '_';
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | __ | -+
bool valid_path_component(std::string_view s) {
  if (s.empty() || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  size_t i = 0;
  while (i < s.size()) {
    if (is_lower_alnum(s[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < s.size() && !is_lower_alnum(s[i])) ++i;
    std::string_view sep = s.substr(start, i - start);
    bool dashes = sep.find_first_not_of('-') == std::string_view::npos;
    if (!(sep == "_" || sep == "." || sep == "__" || dashes)) return false;
  }
  return true;
}

// domain-component := [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?, optional :port,
// or a bracketed IPv6 address.
bool valid_domain(std::string_view d) {
  std::string_view host = d;
  auto colon = d.rfind(':');
  if (!d.empty() && d.front() == '[') {
    auto close = d.find(']');
    if (close == std::string_view::npos) return false;
    for (char c : d.substr(1, close - 1))
      if (!(is_hex(c) || c == ':' || c == '.')) return false;
    std::string_view rest = d.substr(close + 1);
    if (rest.empty()) return true;
    if (rest.front() != ':' || rest.size() == 1) return false;
    for (char c : rest.substr(1))
      if (c < '0' || c > '9') return false;
    return true;
  }
  if (colon != std::string_view::npos) {
    std::string_view port = d.substr(colon + 1);
    if (port.empty()) return false;
    for (char c : port)
      if (c < '0' || c > '9') return false;
    host = d.substr(0, colon);
  }
  if (host.empty()) return false;
  size_t start = 0;
  while (start <= host.size()) {
    auto dot = host.find('.', start);
    std::string_view comp = host.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (comp.empty() || !is_alnum(comp.front()) || !is_alnum(comp.back())) return false;
    for (char c : comp)
      if (!(is_alnum(c) || c == '-')) return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool valid_tag(std::string_view t) {
  if (t.empty() || t.size() > 128 || !is_word(t.front())) return false;
  for (char c : t)
    if (!(is_word(c) || c == '.' || c == '-')) return false;
  return true;
}

// digest := algorithm ":" encoded; algorithm := [a-z0-9]+([+._-][a-z0-9]+)*;
// sha256 needs exactly 64 hex characters, others at least 32.
bool valid_digest(std::string_view d) {
  auto colon = d.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view algo = d.substr(0, colon), enc = d.substr(colon + 1);
  if (!is_lower_alnum(algo.front()) || !is_lower_alnum(algo.back())) return false;
  for (size_t i = 0; i < algo.size(); ++i) {
    char c = algo[i];
    bool sep = c == '+' || c == '.' || c == '_' || c == '-';
    if (!is_lower_alnum(c) && !sep) return false;
    if (sep && i + 1 < algo.size() && !is_lower_alnum(algo[i + 1])) return false;
  }
  if (enc.size() < 32) return false;
  for (char c : enc)
    if (!is_hex(c)) return false;
  if (algo == "sha256" && enc.size() != 64) return false;
  return true;
}

std::unexpected<Error> bad(std::string reason) {
  return fail(ErrorCode::kInvalid, "manifest.image", std::move(reason));
}

}  // namespace

std::string ImageReference::canonical() const {
  std::string out = name();
  std::string t = effective_tag();
  if (!t.empty()) out += ":" + t;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

std::string ImageReference::effective_tag() const {
  if (!tag.empty()) return tag;
  return digest.empty() ? "latest" : "";
}

Result<ImageReference> parse_image_reference(std::string_view ref) {
  if (ref.empty()) return bad("repository name must have at least one component");
  ImageReference out;
  std::string_view rest = ref;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    out.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
    if (!valid_digest(out.digest)) return bad("invalid reference format");
  }
  // A ':' after the last '/' starts the tag; before it, it is a port.
  auto last_slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    out.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (!valid_tag(out.tag)) return bad("invalid reference format");
  }
  if (rest.empty()) return bad("invalid reference format");
  if (rest.size() > 255) return bad("repository name must not be more than 255 characters");

  std::string_view domain, remainder = rest;
  auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    std::string_view first = rest.substr(0, slash);
    if (first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
        first == "localhost" ||
        first.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos) {
      domain = first;
      remainder = rest.substr(slash + 1);
    }
  }
  if (!domain.empty() && !valid_domain(domain)) return bad("invalid reference format");
  for (char c : remainder)
    if (c >= 'A' && c <= 'Z') return bad("repository name must be lowercase");
  size_t start = 0;
  while (true) {
    auto s = remainder.find('/', start);
    std::string_view comp = remainder.substr(start, s == std::string_view::npos ? s : s - start);
    if (!valid_path_component(comp)) return bad("invalid reference format");
    if (s == std::string_view::npos) break;
    start = s + 1;
  }
  if (domain.empty() || domain == "index.docker.io") {
    out.domain = "docker.io";
  } else {
    out.domain = domain;
  }
  out.path = remainder;
  if (out.domain == "docker.io" && remainder.find('/') == std::string_view::npos)
    out.path = "library/" + out.path;
  return out;
}

std::string_view default_pull_policy(std::string_view image) {
  auto ref = parse_image_reference(image);
  // Defaulting ignores parse errors: no tag → IfNotPresent.
  if (ref && ref->effective_tag() == "latest") return "Always";
  return "IfNotPresent";
}

}  // namespace podcore::manifest
