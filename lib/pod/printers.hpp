// What `kubectl get pods` and `kubectl describe pod` print, as pure
// functions over the Pod object (no I/O): podctl calls them with the pods it
// read from the state directory. The rules come from kubectl's table printer
// (k8s.io/cli-runtime/pkg/printers/tableprinter.go, printPod in
// pkg/printers/internalversion/printers.go) and its pod describer
// (k8s.io/kubectl/pkg/describe/describe.go).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "manifest/pod_types.hpp"
#include "pod/events.hpp"

namespace podcore::pod {

/// The flags of `kubectl get pods` that change the table.
struct PrintOptions {
  bool wide = false;              ///< -o wide: IP, NODE, NOMINATED NODE, READINESS GATES
  bool show_labels = false;       ///< --show-labels: a LABELS column last
  bool no_headers = false;        ///< --no-headers
  bool namespace_column = false;  ///< -A / --all-namespaces: NAMESPACE first
};

/// The `kubectl get pods` table for `pods` (in the order given), ages
/// measured at `now`, aligned as kubectl's tabwriter does (minwidth 6,
/// padding 3). Empty input gives an empty string (see no_resources_found).
std::string print_pods_table(const std::vector<manifest::Pod>& pods, const PrintOptions& options,
                             WallTime now);

/// `kubectl get pods -o name`: one "pod/NAME" line per pod.
std::string print_pod_names(const std::vector<manifest::Pod>& pods);

/// What kubectl writes on stderr when a namespaced list is empty:
/// "No resources found in NS namespace.\n".
std::string no_resources_found(std::string_view ns);

/// The same for -A (all namespaces): "No resources found\n".
std::string no_resources_found_all_namespaces();

/// labels.FormatLabels: "k=v,k2=v2" in key order, "<none>" when empty.
std::string format_labels(const std::map<std::string, std::string>& labels);

/// Go's time.RFC1123Z layout in UTC, as kubectl describe prints times:
/// "Thu, 26 Nov 2026 10:00:00 +0000".
std::string format_rfc1123z(WallTime t);

/// format_rfc1123z of a metav1.Time; the zero (empty or unparsable) time
/// prints as Go prints time.Time{}: "Mon, 01 Jan 0001 00:00:00 +0000".
std::string format_rfc1123z(const manifest::Time& t);

/// kubectl's DescribeProbe: "http-get http://:8080/healthz delay=0s
/// timeout=1s period=10s #success=1 #failure=3", "exec [cat /tmp/ok] ...",
/// "tcp-socket :6379 ...", "grpc <pod>:2379  ...".
std::string describe_probe(const manifest::Probe& probe);

/// `kubectl describe pod` for `pod` with its `events` (aggregated, see
/// read_events), ages measured at `now`, times in UTC. Every section is
/// written through one describe tabwriter as kubectl's PrefixWriter does
/// (levels indent by two spaces). With `show_events` false the Events
/// section is left out (kubectl describe --show-events=false).
std::string describe_pod(const manifest::Pod& pod, const std::vector<Event>& events, WallTime now,
                         bool show_events = true);

}  // namespace podcore::pod
