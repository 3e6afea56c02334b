/* Strict-C header test: podcore.h must compile as C11 with -Wall -Wextra
 * -pedantic -Werror, on its own (first include), and twice. Every type and
 * enumerator is used so a typo in the header cannot hide. */
#include <podcore/podcore.h>

#if PODCORE_VERSION_NUMBER < 10000
#error "PODCORE_VERSION_NUMBER is not a 1.x number"
#endif

int podcore_header_c11_uses(void);

int podcore_header_c11_uses(void) {
  podcore_runtime_options ro;
  podcore_create_options co;
  podcore_log_options lo;
  podcore_exec_options eo;
  podcore_delete_options dopt;
  podcore_image_import_options io;
  podcore_stats st;
  podcore_runtime* rt = NULL;
  podcore_pod* pod = NULL;
  podcore_pod_list* pods = NULL;
  podcore_event_list* events = NULL;
  podcore_exec_result* res = NULL;
  podcore_watch* w = NULL;
  podcore_image_list* images = NULL;
  podcore_error* err = NULL;
  const podcore_container* c = NULL;
  podcore_errc e = PODCORE_ERR_INVALID_STATE;
  podcore_phase ph = PODCORE_PHASE_FAILED;
  podcore_qos_class q = PODCORE_QOS_BEST_EFFORT;
  podcore_container_state cs = PODCORE_CONTAINER_TERMINATED;
  podcore_watch_event_type wt = PODCORE_WATCH_DELETED;
  podcore_format f = PODCORE_FORMAT_JSON;
  podcore_log_callback lcb = NULL;
  podcore_watch_callback wcb = NULL;
  (void)ro;
  (void)co;
  (void)lo;
  (void)eo;
  (void)dopt;
  (void)io;
  (void)st;
  (void)rt;
  (void)pod;
  (void)pods;
  (void)events;
  (void)res;
  (void)w;
  (void)images;
  (void)err;
  (void)c;
  (void)lcb;
  (void)wcb;
  return (int)e + (int)ph + (int)q + (int)cs + (int)wt + (int)f;
}
