#include "manifest/encode.hpp"

#include "manifest/pod_codec.hpp"

namespace podcore::manifest {

Value pod_to_value(const Pod& pod) {
  return encode_value(pod);
}

std::string pod_to_yaml(const Pod& pod) {
  return to_yaml(pod_to_value(pod));
}

std::string pod_to_json(const Pod& pod) {
  return to_json(pod_to_value(pod));
}

Value status_for_error(const Error& error) {
  const bool invalid = error.stage == "manifest.validate";
  Value s = Value::object();
  s.add("kind", Value::string("Status"));
  s.add("apiVersion", Value::string("v1"));
  s.add("metadata", Value::object());
  s.add("status", Value::string("Failure"));
  s.add("message", Value::string(error.message));
  s.add("reason", Value::string(invalid ? "Invalid" : "BadRequest"));
  if (invalid || !error.causes.empty()) {
    Value details = Value::object();
    if (!error.object.empty()) details.add("name", Value::string(error.object));
    if (invalid) details.add("kind", Value::string("Pod"));
    Value causes = Value::array();
    for (const auto& c : error.causes) {
      Value cause = Value::object();
      if (!c.reason.empty()) cause.add("reason", Value::string(c.reason));
      std::string msg = c.message;
      // Decode problems carry where they are in the text.
      if (c.line != 0)
        msg += " (line " + std::to_string(c.line) + ", column " + std::to_string(c.column) + ")";
      cause.add("message", Value::string(std::move(msg)));
      if (!c.field.empty()) cause.add("field", Value::string(c.field));
      causes.push(std::move(cause));
    }
    if (!causes.items().empty()) details.add("causes", std::move(causes));
    s.add("details", std::move(details));
  }
  s.add("code", Value::integer(invalid ? 422 : 400));
  return s;
}

}  // namespace podcore::manifest
