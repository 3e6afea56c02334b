// The runtime's local image store: import, list, remove.
#include "capi_internal.hpp"
#include "sandbox/image_store.hpp"

namespace pc = podcore::capi;

struct podcore_image_list {
  std::vector<podcore::sandbox::ImageSummary> images;
};

namespace {

std::optional<std::vector<std::string>> optional_array(const char* const* a) {
  if (!a) return std::nullopt;
  return pc::string_array(a);
}

podcore::Result<podcore::sandbox::ImageStore> store_of(podcore_runtime* rt) {
  return podcore::sandbox::ImageStore::open(rt->runtime->options().state_dir);
}

const podcore::sandbox::ImageSummary* image_at(const podcore_image_list* list, size_t i) {
  return list && i < list->images.size() ? &list->images[i] : nullptr;
}

}  // namespace

extern "C" {

PODCORE_API void podcore_image_import_options_init(podcore_image_import_options* options,
                                                   size_t size) {
  pc::init_sized(options, size, [](podcore_image_import_options&) {});
}

PODCORE_API int podcore_image_import(char** id_out, podcore_runtime* rt, const char* reference,
                                     const char* source_path,
                                     const podcore_image_import_options* options,
                                     podcore_error** err) {
  return pc::guarded(err, "podcore_image_import", [&]() -> int {
    if (id_out) *id_out = nullptr;
    if (!rt || !reference || !source_path)
      return pc::invalid_argument(err, "podcore_image_import",
                                  "rt, reference or source_path is NULL");
    podcore::sandbox::ImportOptions io;
    if (options) {
      using O = podcore_image_import_options;
      if (PODCORE_HAS_FIELD(options, O, entrypoint))
        io.entrypoint = optional_array(options->entrypoint);
      if (PODCORE_HAS_FIELD(options, O, cmd)) io.cmd = optional_array(options->cmd);
      if (PODCORE_HAS_FIELD(options, O, env)) io.env = optional_array(options->env);
      if (PODCORE_HAS_FIELD(options, O, working_dir) && options->working_dir)
        io.working_dir = options->working_dir;
      if (PODCORE_HAS_FIELD(options, O, user) && options->user) io.user = options->user;
    }
    auto store = store_of(rt);
    if (!store) return pc::report(err, std::move(store.error()));
    auto img = store->import(reference, source_path, io);
    if (!img) return pc::report(err, std::move(img.error()));
    if (id_out) *id_out = pc::dup_string(img->id);
    return PODCORE_OK;
  });
}

PODCORE_API int podcore_images_list(podcore_image_list** out, podcore_runtime* rt,
                                    podcore_error** err) {
  return pc::guarded(err, "podcore_images_list", [&]() -> int {
    if (!out || !rt) return pc::invalid_argument(err, "podcore_images_list", "out or rt is NULL");
    *out = nullptr;
    auto store = store_of(rt);
    if (!store) return pc::report(err, std::move(store.error()));
    auto images = store->list();
    if (!images) return pc::report(err, std::move(images.error()));
    auto list = std::make_unique<podcore_image_list>();
    list->images = std::move(*images);
    *out = list.release();
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_image_list_free(podcore_image_list* list) {
  delete list;
}

PODCORE_API size_t podcore_image_list_count(const podcore_image_list* list) {
  return list ? list->images.size() : 0;
}

PODCORE_API const char* podcore_image_list_reference(const podcore_image_list* list, size_t i) {
  const auto* im = image_at(list, i);
  return im ? im->reference.c_str() : "";
}

PODCORE_API const char* podcore_image_list_repository(const podcore_image_list* list, size_t i) {
  const auto* im = image_at(list, i);
  return im ? im->repository.c_str() : "";
}

PODCORE_API const char* podcore_image_list_tag(const podcore_image_list* list, size_t i) {
  const auto* im = image_at(list, i);
  return im ? im->tag.c_str() : "";
}

PODCORE_API const char* podcore_image_list_id(const podcore_image_list* list, size_t i) {
  const auto* im = image_at(list, i);
  return im ? im->id.c_str() : "";
}

PODCORE_API uint64_t podcore_image_list_size(const podcore_image_list* list, size_t i) {
  const auto* im = image_at(list, i);
  return im ? im->size : 0;
}

PODCORE_API int podcore_image_remove(podcore_runtime* rt, const char* reference,
                                     podcore_error** err) {
  return pc::guarded(err, "podcore_image_remove", [&]() -> int {
    if (!rt || !reference)
      return pc::invalid_argument(err, "podcore_image_remove", "rt or reference is NULL");
    auto store = store_of(rt);
    if (!store) return pc::report(err, std::move(store.error()));
    auto r = store->remove(reference);
    if (!r) return pc::report(err, std::move(r.error()));
    return PODCORE_OK;
  });
}

}  // extern "C"
