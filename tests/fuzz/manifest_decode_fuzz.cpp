// libFuzzer target: any bytes through the whole manifest pipeline (decode,
// default, validate, encode) must give a result or an error, never a crash,
// a leak or undefined behaviour, and what is encoded must decode again (below).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"
#include "manifest/yaml_fast.hpp"
#include "manifest/yaml_tree.hpp"

namespace mf = podcore::manifest;

namespace {

// Where a fast path and yaml-cpp both accept a text, they build the same tree (compared as
// tests/unit/yaml_fast_test.cpp does: null nodes' positions are never reported). A text only
// the fast path accepts is not a failure: yaml-cpp refuses some YAML that go-yaml, and so
// Kubernetes, reads (`[400?0]` is "unknown token" to yaml-cpp, a string to go-yaml).
bool same_tree(const mf::YNode& a, const mf::YNode& b) {
  if (a.kind != b.kind || a.key != b.key || a.duplicate != b.duplicate) return false;
  if (!a.key.empty() && (a.key_line != b.key_line || a.key_column != b.key_column)) return false;
  if (a.kind == mf::YNode::Kind::kNull) return true;
  if (a.line != b.line || a.column != b.column || a.quoted != b.quoted || a.tag != b.tag ||
      a.text != b.text || a.children.size() != b.children.size())
    return false;
  for (size_t i = 0; i < a.children.size(); ++i)
    if (!same_tree(a.children[i], b.children[i])) return false;
  return true;
}

void check_fast_path(const std::optional<std::vector<mf::YNode>>& fast, std::string_view text) {
  if (!fast) return;
  auto ref = mf::parse_yaml_reference(text);
  if (!ref) return;
  std::vector<const mf::YNode*> a, b;
  for (const auto& d : *fast)
    if (d.kind != mf::YNode::Kind::kNull) a.push_back(&d);
  for (const auto& d : *ref)
    if (d.kind != mf::YNode::Kind::kNull) b.push_back(&d);
  if (a.size() != b.size()) __builtin_trap();
  for (size_t i = 0; i < a.size(); ++i)
    if (!same_tree(*a[i], *b[i])) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (mf::parse_yaml_stream(text)) {  // text the fast paths may see (valid characters)
    check_fast_path(mf::parse_yaml_fast(text), text);
    check_fast_path(mf::parse_json_fast(text), text);
  }
  auto objects = mf::decode_manifests(text, mf::FieldValidation::kStrict);
  if (!objects) return 0;
  for (auto& obj : *objects) {
    if (!obj.pod) continue;
    mf::CreateOptions opts;
    opts.uid = "00000000-0000-4000-8000-000000000000";
    auto pod = mf::prepare_pod_for_create(std::move(*obj.pod), opts, nullptr);
    if (pod) {
      // JSON is the stored form (the API server's, and our state directory's): it must decode
      // to the very same object.
      auto from_json = mf::decode_pod(mf::pod_to_json(*pod));
      if (!from_json || !(*from_json == *pod)) __builtin_trap();
      // YAML is kubectl's printed form, which is lossy where kubectl's is (a raw NEL folds like
      // a line break when go-yaml reads its JSON back): printing what it decodes to must give
      // the same text again.
      std::string yaml = mf::pod_to_yaml(*pod);
      auto from_yaml = mf::decode_pod(yaml);
      if (!from_yaml || mf::pod_to_yaml(*from_yaml) != yaml) __builtin_trap();
    } else {
      (void)mf::status_for_error(pod.error());
    }
  }
  return 0;
}
