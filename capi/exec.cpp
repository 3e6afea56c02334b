// Exec into a running container: output captured through pipes, or on the
// caller's descriptors.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>

#include "base/unique_fd.hpp"
#include "capi_internal.hpp"

namespace {

namespace pc = podcore::capi;

struct ExecRequest {
  std::string container;
  podcore::pod::ExecIo io;
};

int exec_request(const podcore_exec_options* o, ExecRequest& req, podcore_error** err,
                 const char* function) {
  if (!o) return PODCORE_OK;
  using O = podcore_exec_options;
  if (PODCORE_HAS_FIELD(o, O, container)) req.container = pc::str(o->container);
  if (PODCORE_HAS_FIELD(o, O, timeout_ms)) {
    if (o->timeout_ms < 0) return pc::invalid_argument(err, function, "options->timeout_ms < 0");
    req.io.timeout = std::chrono::milliseconds(o->timeout_ms);
  }
  if (PODCORE_HAS_FIELD(o, O, stdin_fd)) req.io.stdin_fd = o->stdin_fd;
  if (PODCORE_HAS_FIELD(o, O, tty)) req.io.tty = o->tty != 0;
  return PODCORE_OK;
}

// Reads two pipes into two strings until both reach EOF, or until `done`
// is set and nothing more arrives for a moment (a background process of
// the command may hold a pipe open forever).
void drain(int out_fd, int err_fd, std::string& out, std::string& errs,
           const std::atomic<bool>& done) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &errs};
  char buf[16384];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const bool finishing = done.load();
    int n = ::poll(fds, 2, finishing ? 50 : 100);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (finishing) return;
      continue;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r > 0) {
        sinks[i]->append(buf, static_cast<size_t>(r));
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
      }
    }
  }
}

}  // namespace

struct podcore_exec_result {
  int exit_code = 0;
  std::string out;
  std::string err;
};

extern "C" {

PODCORE_API void podcore_exec_options_init(podcore_exec_options* options, size_t size) {
  pc::init_sized(options, size, [](podcore_exec_options& o) { o.stdin_fd = -1; });
}

PODCORE_API int podcore_pod_exec(podcore_exec_result** out, podcore_runtime* rt,
                                 const char* namespace_, const char* name, const char* const* argv,
                                 const podcore_exec_options* options, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_exec", [&]() -> int {
    if (!out || !rt || !name || !argv || !argv[0])
      return pc::invalid_argument(err, "podcore_pod_exec", "out, rt, name or argv is NULL");
    *out = nullptr;
    ExecRequest req;
    if (int rc = exec_request(options, req, err, "podcore_pod_exec"); rc != PODCORE_OK) return rc;
    req.io.tty = false;  // captured output is two separate streams
    int p_out[2], p_err[2];
    if (::pipe2(p_out, O_CLOEXEC) != 0)
      return pc::report(err, podcore::fail_errno(errno, "capi.exec", name, "pipe").error());
    podcore::unique_fd out_r(p_out[0]), out_w(p_out[1]);
    if (::pipe2(p_err, O_CLOEXEC) != 0)
      return pc::report(err, podcore::fail_errno(errno, "capi.exec", name, "pipe").error());
    podcore::unique_fd err_r(p_err[0]), err_w(p_err[1]);
    req.io.stdout_fd = out_w.get();
    req.io.stderr_fd = err_w.get();

    auto result = std::make_unique<podcore_exec_result>();
    std::atomic<bool> done{false};
    std::thread reader([&] { drain(out_r.get(), err_r.get(), result->out, result->err, done); });
    podcore::Result<int> code = std::unexpected(podcore::Error{});
    try {
      code = rt->runtime->exec(pc::ns_or_default(namespace_), name, req.container,
                               pc::string_array(argv), req.io);
    } catch (...) {
      out_w.reset();
      err_w.reset();
      done = true;
      reader.join();
      throw;
    }
    // Our write ends closed: the reader sees EOF once the command's
    // processes are gone.
    out_w.reset();
    err_w.reset();
    done = true;
    reader.join();
    if (!code) return pc::report(err, std::move(code.error()));
    result->exit_code = *code;
    *out = result.release();
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_exec_result_free(podcore_exec_result* result) {
  delete result;
}

PODCORE_API int podcore_exec_result_exit_code(const podcore_exec_result* result) {
  return result ? result->exit_code : -1;
}

PODCORE_API const char* podcore_exec_result_stdout(const podcore_exec_result* result, size_t* len) {
  if (len) *len = result ? result->out.size() : 0;
  return result ? result->out.c_str() : "";
}

PODCORE_API const char* podcore_exec_result_stderr(const podcore_exec_result* result, size_t* len) {
  if (len) *len = result ? result->err.size() : 0;
  return result ? result->err.c_str() : "";
}

PODCORE_API int podcore_pod_exec_fds(int* exit_code, podcore_runtime* rt, const char* namespace_,
                                     const char* name, const char* const* argv,
                                     const podcore_exec_options* options, int stdout_fd,
                                     int stderr_fd, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_exec_fds", [&]() -> int {
    if (exit_code) *exit_code = -1;
    if (!rt || !name || !argv || !argv[0])
      return pc::invalid_argument(err, "podcore_pod_exec_fds", "rt, name or argv is NULL");
    ExecRequest req;
    if (int rc = exec_request(options, req, err, "podcore_pod_exec_fds"); rc != PODCORE_OK)
      return rc;
    req.io.stdout_fd = stdout_fd;
    req.io.stderr_fd = stderr_fd;
    auto code = rt->runtime->exec(pc::ns_or_default(namespace_), name, req.container,
                                  pc::string_array(argv), req.io);
    if (!code) return pc::report(err, std::move(code.error()));
    if (exit_code) *exit_code = *code;
    return PODCORE_OK;
  });
}

}  // extern "C"
