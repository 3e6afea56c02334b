// podctl apply / create: what `kubectl apply` and `kubectl create` print
// against an API server. With --dry-run the manifest is decoded, defaulted
// and validated exactly as the API server would, and the stored object (or
// the server's error) is printed; without it each pod is created by the
// runtime (apply: an existing pod with the same spec is "unchanged", a
// different spec gets the API server's Forbidden error: pods are immutable).
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "global_flags.hpp"
#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"
#include "manifest_files.hpp"

namespace podctl {

namespace {

using podcore::Error;
namespace mf = podcore::manifest;

struct ApplyArgs {
  std::vector<std::string> files;
  bool dry_run = false;
  std::string output;  // "", "yaml", "json", "name"
  std::string namespace_;
  mf::FieldValidation validation = mf::FieldValidation::kStrict;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "error: %s\nSee 'podctl apply --help' for usage.\n", msg.c_str());
  return 1;
}

const char* kApplyHelp =
    "Apply (or create) pods by file name or stdin. Pods are immutable: applying the same\n"
    "spec again prints \"unchanged\", a different spec is refused as the API server does.\n"
    "\n"
    "Usage:\n"
    "  podctl apply|create -f FILENAME [--dry-run] [-o yaml|json|name] [-n NAMESPACE] "
    "[--validate=strict|warn|ignore]\n"
    "\n"
    "  -f, --filename   a manifest file, a directory of manifests, or - for stdin (repeatable)\n"
    "      --dry-run    decode, default and validate as the API server would; create nothing\n"
    "  -o, --output     print the resulting object(s) as yaml or json, or pod/<name>\n"
    "  -n, --namespace  the namespace to create in (default: the object's, else \"default\")\n"
    "      --validate   strict (default): unknown fields are errors; warn: warnings; "
    "ignore\n";

// Accepts "--flag=value", "--flag value", "-f value" and "-fvalue".
bool take_value(std::span<const std::string_view> args, size_t& i, std::string_view long_name,
                std::string_view short_name, std::string& out) {
  std::string_view a = args[i];
  auto match = [&](std::string_view name) {
    if (name.empty() || !a.starts_with(name)) return false;
    std::string_view rest = a.substr(name.size());
    if (rest.empty()) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    }
    if (rest.front() == '=') {
      out = rest.substr(1);
      return true;
    }
    if (name.size() == 2) {  // -fFILE
      out = rest;
      return true;
    }
    return false;
  };
  return match(long_name) || match(short_name);
}

void print_error_text(const std::string& source, const Error& e) {
  if (e.stage == "manifest.validate") {
    // kubectl: one cause on the same line, several as a bulleted list.
    std::string head = "The Pod \"" + e.object + "\" is invalid: ";
    if (e.causes.size() == 1) {
      std::fprintf(stderr, "%s%s: %s\n", head.c_str(), e.causes[0].field.c_str(),
                   e.causes[0].message.c_str());
    } else {
      std::fprintf(stderr, "%s\n", head.c_str());
      for (const auto& c : e.causes)
        std::fprintf(stderr, "* %s: %s\n", c.field.c_str(), c.message.c_str());
    }
    return;
  }
  if (e.stage == "manifest.admit") {
    std::fprintf(stderr, "error: %s\n", e.message.c_str());
    return;
  }
  std::fprintf(stderr, "Error from server (BadRequest): error when creating \"%s\": %s\n",
               source.c_str(), e.message.c_str());
  for (const auto& c : e.causes)
    if (c.line != 0)
      std::fprintf(stderr, "  %s:%u:%u: %s\n", source.c_str(), c.line, c.column, c.message.c_str());
}

// The spec lines of `a` missing from `b`, prefixed by `mark` (a short diff
// under the Forbidden message, as the API server appends its cmp.Diff).
std::string spec_lines_missing(const mf::Pod& a, const mf::Pod& b, const char* mark) {
  auto lines = [](const mf::Pod& p) {
    mf::Pod only;
    only.spec = p.spec;
    std::vector<std::string> out;
    std::istringstream in(mf::pod_to_yaml(only));
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  };
  auto la = lines(a);
  auto lb = lines(b);
  std::multiset<std::string> in_b(lb.begin(), lb.end());
  std::string out;
  for (const auto& l : la) {
    auto it = in_b.find(l);
    if (it != in_b.end()) {
      in_b.erase(it);
      continue;
    }
    out += "  ";
    out += mark;
    out += " " + l + "\n";
  }
  return out;
}

bool same_user_metadata(const mf::Pod& a, const mf::Pod& b) {
  auto user = [](const std::map<std::string, std::string>& m) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : m)
      if (!k.starts_with("podcore.io/")) out.emplace(k, v);
    return out;
  };
  return a.metadata.labels == b.metadata.labels &&
         user(a.metadata.annotations) == user(b.metadata.annotations);
}

void print_create_error(const std::string& source, const Error& e) {
  if (e.stage.starts_with("manifest.")) {
    print_error_text(source, e);
    return;
  }
  const char* kind = e.code == podcore::ErrorCode::kAlreadyExists ? "AlreadyExists"
                     : e.code == podcore::ErrorCode::kInvalid     ? "BadRequest"
                                                                  : "InternalError";
  std::fprintf(
      stderr, "Error from server (%s): error when creating \"%s\": %s\n", kind, source.c_str(),
      e.code == podcore::ErrorCode::kAlreadyExists ? e.message.c_str() : e.to_string().c_str());
}

int apply_live(const ApplyArgs& a, const GlobalFlags& flags, bool create) {
  auto sources = read_manifest_sources(a.files);
  if (!sources) {
    std::fprintf(stderr, "error: %s\n", sources.error().to_string().c_str());
    return 1;
  }
  auto rt = open_runtime(flags);
  if (!rt) {
    std::fprintf(stderr, "error: %s\n", rt.error().to_string().c_str());
    return 1;
  }
  bool failed = false;
  for (const auto& src : *sources) {
    auto objects = mf::decode_manifests(src.text, a.validation);
    if (!objects) {
      failed = true;
      std::fprintf(stderr, "error: error parsing %s: error converting YAML to JSON: %s\n",
                   src.name.c_str(), objects.error().message.c_str());
      continue;
    }
    for (auto& obj : *objects) {
      for (const auto& w : obj.warnings) std::fprintf(stderr, "Warning: %s\n", w.c_str());
      if (!obj.pod) {
        failed = true;
        print_error_text(src.name, obj.pod.error());
        continue;
      }
      const mf::Pod& pod = *obj.pod;
      mf::CreateOptions opts;
      opts.namespace_ = a.namespace_;
      std::vector<std::string> warnings;
      auto prepared = mf::prepare_pod_for_create(pod, opts, &warnings);
      if (!prepared) {
        failed = true;
        print_error_text(src.name, prepared.error());
        continue;
      }
      const std::string& name = prepared->metadata.name;
      const std::string& ns = prepared->metadata.namespace_;
      if (!create) {
        if (auto existing = (*rt)->get(ns, name)) {
          prepared->spec.nodeName = existing->spec.nodeName;
          if (prepared->spec == existing->spec && same_user_metadata(*prepared, *existing)) {
            std::printf("pod/%s unchanged\n", name.c_str());
          } else if (prepared->spec == existing->spec) {
            failed = true;
            std::fprintf(stderr,
                         "error: pod/%s: podctl cannot change the labels or annotations of an "
                         "existing pod; delete it and apply again\n",
                         name.c_str());
          } else {
            failed = true;
            std::fprintf(
                stderr,
                "The Pod \"%s\" is invalid: spec: Forbidden: pod updates may not change fields "
                "other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
                "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
                "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if "
                "it was previously negative)\n%s%s",
                name.c_str(), spec_lines_missing(*existing, *prepared, "-").c_str(),
                spec_lines_missing(*prepared, *existing, "+").c_str());
          }
          std::fflush(stdout);
          continue;
        }
      }
      for (const auto& w : warnings) std::fprintf(stderr, "Warning: %s\n", w.c_str());
      // One object: the text as given (its lines in errors); several: each re-encoded.
      std::string text = objects->size() == 1 ? src.text : mf::pod_to_yaml(pod);
      podcore::pod::CreateOptions co;
      co.namespace_ = a.namespace_;
      auto created = (*rt)->create(text, co);
      if (!created) {
        failed = true;
        print_create_error(src.name, created.error());
        continue;
      }
      if (a.output == "name")
        std::printf("pod/%s\n", name.c_str());
      else
        std::printf("pod/%s created\n", name.c_str());
      std::fflush(stdout);
    }
  }
  return failed ? 1 : 0;
}
}  // namespace

int cmd_apply(std::span<const std::string_view> args, const GlobalFlags& flags, bool create) {
  ApplyArgs a;
  a.namespace_ = flags.namespace_;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string value;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kApplyHelp, stdout);
      return 0;
    }
    if (arg == "--dry-run" || arg == "--dry-run=server" || arg == "--dry-run=client") {
      a.dry_run = true;
    } else if (arg == "--dry-run=none") {
      a.dry_run = false;
    } else if (arg.starts_with("--dry-run=")) {
      return usage_error("Invalid dry-run value (" + std::string(arg.substr(10)) +
                         "). Must be \"none\", \"server\", or \"client\".");
    } else if (take_value(args, i, "--filename", "-f", value)) {
      a.files.push_back(value);
    } else if (take_value(args, i, "--output", "-o", value)) {
      if (value != "yaml" && value != "json" && value != "name")
        return usage_error("unable to match a printer suitable for the output format \"" + value +
                           "\", allowed formats are: json,name,yaml");
      a.output = value;
    } else if (take_value(args, i, "--namespace", "-n", value)) {
      a.namespace_ = value;
    } else if (arg == "--validate") {
      a.validation = mf::FieldValidation::kStrict;
    } else if (take_value(args, i, "--validate", "", value)) {
      if (value == "strict" || value == "true")
        a.validation = mf::FieldValidation::kStrict;
      else if (value == "warn")
        a.validation = mf::FieldValidation::kWarn;
      else if (value == "ignore" || value == "false")
        a.validation = mf::FieldValidation::kIgnore;
      else
        return usage_error("invalid - validate option \"" + value +
                           "\"; must be one of: strict (or true), warn, ignore (or false)");
    } else {
      return usage_error("unknown flag: " + std::string(arg));
    }
  }
  if (a.files.empty()) return usage_error("must specify one of -f and -k");
  if (!a.dry_run) return apply_live(a, flags, create);

  auto sources = read_manifest_sources(a.files);
  if (!sources) {
    std::fprintf(stderr, "error: %s\n", sources.error().to_string().c_str());
    return 1;
  }
  bool failed = false;
  // kubectl prints one object as itself and several as a List.
  std::vector<mf::Value> results;
  auto print_value = [&](mf::Value v) { results.push_back(std::move(v)); };
  for (const auto& src : *sources) {
    auto objects = mf::decode_manifests(src.text, a.validation);
    if (!objects) {
      failed = true;
      if (a.output == "json" || a.output == "yaml") {
        Error e = objects.error();
        e.message = "error converting YAML to JSON: " + e.message;
        print_value(mf::status_for_error(e));
      } else {
        std::fprintf(stderr, "error: error parsing %s: error converting YAML to JSON: %s\n",
                     src.name.c_str(), objects.error().message.c_str());
      }
      continue;
    }
    for (auto& obj : *objects) {
      for (const auto& w : obj.warnings) std::fprintf(stderr, "Warning: %s\n", w.c_str());
      std::expected<mf::Pod, Error> pod = std::move(obj.pod);
      std::vector<std::string> warnings;
      if (pod) {
        mf::CreateOptions opts;
        opts.namespace_ = a.namespace_;
        pod = mf::prepare_pod_for_create(std::move(*pod), opts, &warnings);
      }
      for (const auto& w : warnings) std::fprintf(stderr, "Warning: %s\n", w.c_str());
      if (!pod) {
        failed = true;
        if (a.output == "json" || a.output == "yaml")
          print_value(mf::status_for_error(pod.error()));
        else
          print_error_text(src.name, pod.error());
        continue;
      }
      if (a.output == "json" || a.output == "yaml")
        print_value(mf::pod_to_value(*pod));
      else if (a.output == "name")
        std::printf("pod/%s\n", pod->metadata.name.c_str());
      else
        std::printf("pod/%s created (server dry run)\n", pod->metadata.name.c_str());
    }
  }
  if (!results.empty()) {
    mf::Value out;
    if (results.size() == 1) {
      out = std::move(results.front());
    } else {
      out = mf::Value::object();
      out.add("apiVersion", mf::Value::string("v1"));
      mf::Value items = mf::Value::array();
      for (auto& r : results) items.push(std::move(r));
      out.add("items", std::move(items));
      out.add("kind", mf::Value::string("List"));
      out.add("metadata", mf::Value::object());
    }
    // kubectl prints the server's answer as an unstructured object: keys sorted.
    std::fputs(a.output == "json" ? mf::to_json(mf::with_sorted_keys(out)).c_str()
                                  : mf::to_yaml(out).c_str(),
               stdout);
  }
  std::fflush(stdout);
  return failed ? 1 : 0;
}

}  // namespace podctl
