// Kubernetes label selectors (`-l`), parsed and matched as
// k8s.io/apimachinery/pkg/labels does: the same grammar, the same
// normalisation (requirements sorted by key, values deduplicated and
// sorted) and the same error texts.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::pod {

/// selection.Operator.
enum class SelectorOp {
  kEquals,
  kDoubleEquals,
  kNotEquals,
  kIn,
  kNotIn,
  kExists,
  kDoesNotExist,
  kGreaterThan,
  kLessThan
};

/// One requirement of a selector: `key op values`.
struct SelectorRequirement {
  std::string key;
  SelectorOp op = SelectorOp::kExists;
  std::vector<std::string> values;  ///< sorted, without duplicates

  /// Whether `labels` satisfy the requirement (labels.Requirement.Matches:
  /// notin and != also match when the key is absent; Gt/Lt compare integers).
  [[nodiscard]] bool matches(const std::map<std::string, std::string>& labels) const;
  /// "a=b", "a==b", "a!=b", "a in (x,y)", "a notin (x)", "a", "!a", "a>3".
  [[nodiscard]] std::string to_string() const;

  bool operator==(const SelectorRequirement&) const = default;
};

/// A parsed selector: the AND of its requirements. The empty selector
/// matches everything.
class LabelSelector {
 public:
  LabelSelector() = default;

  /// labels.Parse. Errors (code kInvalid, stage "pod.selector") carry
  /// apimachinery's message, e.g. "unable to parse requirement: found '',
  /// expected: identifier", "found ')', expected: !, identifier, or 'end of
  /// string'", "unable to parse requirement: <nil>: Invalid value: \"a b\":
  /// name part must consist of ...".
  static Result<LabelSelector> parse(std::string_view text);

  /// metav1.LabelSelectorAsSelector: matchLabels as `=` requirements and
  /// matchExpressions (In, NotIn, Exists, DoesNotExist), sorted by key.
  static Result<LabelSelector> from_api(const manifest::LabelSelector& selector);

  [[nodiscard]] bool matches(const std::map<std::string, std::string>& labels) const;
  [[nodiscard]] bool empty() const { return requirements_.empty(); }
  /// The requirements' strings joined by ',' (labels.Selector.String()).
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] const std::vector<SelectorRequirement>& requirements() const {
    return requirements_;
  }

 private:
  std::vector<SelectorRequirement> requirements_;
};

/// metav1.FormatLabelSelector: the selector's string, "<none>" when it
/// selects everything, "<error>" when it is invalid.
std::string format_label_selector(const manifest::LabelSelector& selector);

}  // namespace podcore::pod
