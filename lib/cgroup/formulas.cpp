#include "cgroup/formulas.hpp"

#include <algorithm>
#include <cmath>

#include "manifest/resources.hpp"

namespace podcore::cgroup {

int64_t milli_cpu_to_shares(int64_t milli_cpu) {
  if (milli_cpu == 0) return kMinShares;
  const int64_t shares = (milli_cpu * kSharesPerCpu) / kMilliCpuToCpu;
  return std::clamp(shares, kMinShares, kMaxShares);
}

int64_t milli_cpu_to_quota(int64_t milli_cpu, int64_t period_us) {
  if (milli_cpu == 0) return 0;
  return std::max((milli_cpu * period_us) / kMilliCpuToCpu, kMinQuotaPeriodUs);
}

int64_t shares_to_weight_linear(int64_t shares) {
  if (shares == 0) return 0;
  return 1 + ((shares - 2) * 9999) / 262142;
}

int64_t shares_to_weight(int64_t shares) {
  if (shares == 0) return 0;
  if (shares <= 2) return 1;
  if (shares >= kMaxShares) return 10000;
  const double l = std::log2(static_cast<double>(shares));
  const double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
  return static_cast<int64_t>(std::ceil(std::pow(10.0, exponent)));
}

namespace {

const manifest::Quantity* find(const manifest::ResourceList& list, const char* name) {
  auto it = list.find(name);
  return it == list.end() ? nullptr : &it->second;
}

int64_t milli_of(const manifest::ResourceList& list, const char* name) {
  const auto* q = find(list, name);
  return q ? q->milli_value() : 0;
}

bool positive(const manifest::ResourceList& list, const char* name) {
  const auto* q = find(list, name);
  return q && q->sign() > 0;
}

}  // namespace

ResourceConfig resource_config_for_pod(const manifest::PodSpec& spec) {
  const manifest::ResourceList reqs = manifest::pod_requests(spec);
  // PodLimits: pod-level limits when set, else the container aggregate; the
  // overhead is added only to limits that exist.
  manifest::ResourceList limits = manifest::aggregate_container_limits(spec);
  bool cpu_declared = true;
  bool memory_declared = true;
  auto check = [&](const manifest::Container& c) {
    if (!positive(c.resources.limits, "cpu")) cpu_declared = false;
    if (!positive(c.resources.limits, "memory")) memory_declared = false;
  };
  for (const auto& c : spec.initContainers) check(c);
  for (const auto& c : spec.containers) check(c);
  if (manifest::is_pod_level_resources_set(spec)) {
    for (const char* name : {"cpu", "memory"}) {
      if (const auto* q = find(spec.resources->limits, name); q && !q->is_zero()) {
        limits[name] = *q;
        (std::string_view(name) == "cpu" ? cpu_declared : memory_declared) = true;
      }
    }
  }
  for (const auto& [name, q] : spec.overhead) {
    if (auto it = limits.find(name); it != limits.end()) it->second.add(q);
  }

  const int64_t shares = milli_cpu_to_shares(milli_of(reqs, "cpu"));
  int64_t quota = milli_cpu_to_quota(milli_of(limits, "cpu"));
  if (quota == 0) quota = -1;
  const auto* mem = find(limits, "memory");
  const int64_t memory = mem ? mem->value() : 0;

  ResourceConfig rc;
  const std::string_view qos = manifest::compute_qos_class(spec);
  if (qos == "BestEffort") {
    rc.cpu_shares = kMinShares;
  } else {
    rc.cpu_shares = shares;
    if (qos == "Guaranteed" || cpu_declared) rc.cpu_quota_us = quota;
    if (qos == "Guaranteed" || memory_declared) rc.memory_limit = memory > 0 ? memory : -1;
  }
  rc.cpu_weight = shares_to_weight_linear(*rc.cpu_shares);
  return rc;
}

ResourceConfig resource_config_for_container(const manifest::Container& container) {
  const auto& res = container.resources;
  const int64_t cpu_request = milli_of(res.requests, "cpu");
  const int64_t cpu_limit = milli_of(res.limits, "cpu");
  ResourceConfig rc;
  rc.cpu_shares = milli_cpu_to_shares(cpu_request == 0 && cpu_limit != 0 ? cpu_limit : cpu_request);
  rc.cpu_weight = shares_to_weight(*rc.cpu_shares);
  if (const int64_t quota = milli_cpu_to_quota(cpu_limit); quota > 0) rc.cpu_quota_us = quota;
  if (const auto* mem = find(res.limits, "memory"); mem && mem->value() > 0) {
    rc.memory_limit = mem->value();
  }
  return rc;
}

}  // namespace podcore::cgroup
