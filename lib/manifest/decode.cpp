#include "manifest/decode.hpp"

#include "manifest/pod_codec.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest {

namespace {

constexpr std::string_view kStage = "manifest.decode";
constexpr std::string_view kCannotHandle = "Pod in version \"v1\" cannot be handled as a Pod: ";

const YNode* find_child(const YNode& map, std::string_view key) {
  for (const auto& c : map.children)
    if (c.key == key) return &c;
  return nullptr;
}

std::string scalar_text(const YNode* n) {
  if (n == nullptr || n->kind != YNode::Kind::kScalar) return {};
  return n->text;
}

Error object_error(std::string message, uint32_t line, uint32_t column,
                   std::vector<ErrorCause> causes = {}) {
  Error e;
  e.code = ErrorCode::kInvalid;
  e.stage = kStage;
  e.message = std::move(message);
  if (causes.empty() && line != 0) causes.push_back({"", "", e.message, line, column});
  e.causes = std::move(causes);
  return e;
}

ErrorCause cause_of(const DecodeIssue& issue, std::string reason) {
  return ErrorCause{std::move(reason), issue.field, issue.message, issue.line, issue.column};
}

DecodedObject decode_pod_object(const YNode& root, FieldValidation validation) {
  DecodedObject out;
  out.line = root.line;
  DecodeContext ctx(validation);
  Pod pod;
  decode_value(root, ctx, pod);
  if (ctx.failed()) {
    const auto& f = *ctx.fatal();
    out.pod = std::unexpected(object_error(std::string(kCannotHandle) + f.message, f.line, f.column,
                                           {cause_of(f, "FieldValueTypeInvalid")}));
    out.pod.error().field = f.field;
    return out;
  }
  if (!ctx.strict_errors().empty()) {
    std::string msg = std::string(kCannotHandle) + "strict decoding error: ";
    std::vector<ErrorCause> causes;
    for (size_t i = 0; i < ctx.strict_errors().size(); ++i) {
      const auto& issue = ctx.strict_errors()[i];
      if (i) msg += ", ";
      msg += issue.message;
      causes.push_back(cause_of(issue, issue.message.starts_with("duplicate")
                                           ? "FieldValueDuplicate"
                                           : "FieldValueUnknown"));
    }
    Error e = object_error(std::move(msg), 0, 0, std::move(causes));
    e.field = ctx.strict_errors().front().field;
    e.object = pod.metadata.name;
    out.pod = std::unexpected(std::move(e));
    return out;
  }
  for (const auto& w : ctx.warnings()) out.warnings.push_back(w.message);
  out.pod = std::move(pod);
  return out;
}

void decode_object(const YNode& root, FieldValidation validation, std::vector<DecodedObject>& out) {
  if (root.kind == YNode::Kind::kNull) return;  // an empty document
  if (root.kind != YNode::Kind::kMap) {
    DecodedObject d;
    d.line = root.line;
    d.pod = std::unexpected(object_error(
        "error converting YAML to JSON: the document at line " + std::to_string(root.line) +
            " is not an object (found " + std::string(json_kind_name(root)) + ")",
        root.line, root.column));
    out.push_back(std::move(d));
    return;
  }
  const YNode* kind_node = find_child(root, "kind");
  const YNode* version_node = find_child(root, "apiVersion");
  std::string kind = scalar_text(kind_node);
  std::string version = scalar_text(version_node);
  auto refuse = [&](std::string message) {
    DecodedObject d;
    d.line = root.line;
    d.pod = std::unexpected(object_error(std::move(message), root.line, root.column));
    out.push_back(std::move(d));
  };
  if (kind.empty())
    return refuse("Object 'Kind' is missing in '" + to_json_compact(yaml_to_value(root)) + "'");
  if (version.empty())
    return refuse("Object 'apiVersion' is missing in '" + to_json_compact(yaml_to_value(root)) +
                  "'");
  if ((kind == "List" || kind == "PodList") && version == "v1") {
    const YNode* items = find_child(root, "items");
    if (items != nullptr && items->kind == YNode::Kind::kSequence) {
      for (const auto& item : items->children) decode_object(item, validation, out);
      return;
    }
    if (items != nullptr && items->kind != YNode::Kind::kNull)
      return refuse("List at line " + std::to_string(root.line) + ": items must be a list");
    return;
  }
  if (kind == "Pod") {
    if (version != "v1")
      return refuse("no matches for kind \"Pod\" in version \"" + version + "\"");
    out.push_back(decode_pod_object(root, validation));
    return;
  }
  refuse("unsupported kind \"" + kind + "\" (apiVersion \"" + version +
         "\"): libpod-core runs Pods only (kind: Pod, apiVersion: v1)");
}

}  // namespace

Result<std::vector<DecodedObject>> decode_manifests(std::string_view text,
                                                    FieldValidation validation) {
  auto docs = parse_yaml_stream(text);
  if (!docs) return std::unexpected(docs.error());
  std::vector<DecodedObject> out;
  for (const auto& root : *docs) decode_object(root, validation, out);
  return out;
}

Result<Pod> decode_pod(std::string_view text, FieldValidation validation) {
  auto objects = decode_manifests(text, validation);
  if (!objects) return std::unexpected(objects.error());
  if (objects->size() != 1)
    return fail(ErrorCode::kInvalid, std::string(kStage),
                "expected exactly one Pod, found " + std::to_string(objects->size()) + " objects");
  auto& obj = objects->front();
  if (!obj.pod) return std::unexpected(obj.pod.error());
  return std::move(*obj.pod);
}

}  // namespace podcore::manifest
