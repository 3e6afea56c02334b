// kubectl's JSONPath templates (`-o jsonpath=...`) over manifest::Value, as
// k8s.io/client-go/util/jsonpath parses and runs them and as kubectl's
// JSONPathPrinter prints the results: text between actions verbatim,
// scalars as Go prints them, maps and lists as compact JSON with sorted
// keys, the results of one action joined by spaces. Supported: fields
// (`.a.b`, `a\.b` escapes), `[n]`, slices `[a:b:step]`, `[*]`, `.*`, unions
// `[a,b]`, `['key']`, filters `[?(@.x==1)]` (==, !=, <, >, <=, >=, exists),
// recursive descent `..`, `{range ...}{end}`, quoted text `{"\t"}`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"
#include "manifest/value.hpp"

namespace podcore::pod {

/// A parsed template.
class JsonPath {
 public:
  JsonPath(JsonPath&&) noexcept;
  JsonPath& operator=(JsonPath&&) noexcept;
  ~JsonPath();

  /// Parses `text`. On failure (code kInvalid, stage "pod.jsonpath") the
  /// message is kubectl's: "error parsing jsonpath <text>, <reason>", e.g.
  /// "error parsing jsonpath {.a, unclosed action".
  static Result<JsonPath> parse(std::string_view text);

  /// Runs the template over `data`. With `allow_missing_keys` (kubectl
  /// get's default, --allow-missing-template-keys=true) a missing field
  /// prints nothing; without it the error message is the engine's, e.g.
  /// "foo is not found". Other engine errors: "array index out of bounds:
  /// index 5, length 1", "unrecognized identifier x", ...
  [[nodiscard]] Result<std::string> execute(const manifest::Value& data,
                                            bool allow_missing_keys = true) const;

  /// The template text as given.
  [[nodiscard]] const std::string& text() const { return text_; }

  struct Node;

 private:
  JsonPath();
  std::string text_;
  std::unique_ptr<Node> root_;
};

/// What `kubectl get ... -o jsonpath=TEMPLATE` prints for `data`, with
/// kubectl's error texts: a parse error gives "error parsing jsonpath ...",
/// an execution error gives `error executing jsonpath "<template>": Error
/// executing template: <reason>. Printing more information for debugging
/// the template:` followed by the template and the object as Go's %#v
/// prints it. podctl prints "error: " and the message on stderr.
Result<std::string> print_jsonpath(std::string_view tmpl, const manifest::Value& data,
                                   bool allow_missing_keys = true);

/// The object kubectl hands to its printers for a list of pods:
/// {"apiVersion":"v1","items":[...],"kind":"List","metadata":{"resourceVersion":""}}.
manifest::Value pod_list_value(const std::vector<manifest::Pod>& pods);

/// Go's fmt %#v of a value decoded from JSON (map[string]interface {}{...}).
std::string go_sharp_v(const manifest::Value& v);

}  // namespace podcore::pod
