// Name and string grammars of Kubernetes v1.34 validation, with the exact
// failure messages the API server prints.
//
// Sources: apimachinery pkg/util/validation/validation.go and ip.go, and
// pkg/apis/core/validation/validation.go (sysctl names, env var names).
// Every function is a hand-written character check (no regex engine): each
// one is equivalent to the upstream anchored regular expression it mirrors.
// Each `is_*` function returns the failure messages in upstream order; an
// empty vector means the value is valid (and costs no allocation).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace podcore::manifest::names {

/// Maximum length of a DNS-1123 label (DNS1123LabelMaxLength).
inline constexpr std::size_t kDns1123LabelMaxLength = 63;
/// Maximum length of a DNS-1123 subdomain (DNS1123SubdomainMaxLength).
inline constexpr std::size_t kDns1123SubdomainMaxLength = 253;
/// Maximum length of a DNS-1035 label (DNS1035LabelMaxLength).
inline constexpr std::size_t kDns1035LabelMaxLength = 63;
/// Maximum length of the name part of a qualified name (qualifiedNameMaxLength).
inline constexpr std::size_t kQualifiedNameMaxLength = 63;
/// Maximum length of a label value (LabelValueMaxLength).
inline constexpr std::size_t kLabelValueMaxLength = 63;
/// Maximum length of an IANA_SVC_NAME port name.
inline constexpr std::size_t kPortNameMaxLength = 15;
/// Maximum length of a sysctl name (SysctlMaxLength).
inline constexpr std::size_t kSysctlMaxLength = 253;

/// Mirrors upstream `MaxLenError`: "must be no more than N characters".
std::string max_len_error(std::size_t n);

/// Mirrors upstream `RegexError(msg, fmt, examples...)`: with no examples,
/// "<msg> (regex used for validation is '<fmt>')"; otherwise
/// "<msg> (e.g. '<ex1>',  or '<ex2>', regex used for validation is '<fmt>')"
/// (the doubled space before "or" is upstream's).
std::string regex_error(std::string_view msg, std::string_view fmt,
                        std::initializer_list<std::string_view> examples);

/// Mirrors upstream `IsDNS1123Label`: at most 63 characters matching
/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`. A value that is a valid DNS-1123
/// subdomain but not a label gets "must not contain dots" instead of the
/// regex message.
std::vector<std::string> is_dns1123_label(std::string_view value);

/// Mirrors upstream `IsDNS1123Subdomain`: at most 253 characters of
/// dot-separated DNS-1123 labels (the labels themselves are not
/// length-checked).
std::vector<std::string> is_dns1123_subdomain(std::string_view value);

/// Mirrors upstream `IsDNS1035Label`: at most 63 characters matching
/// `[a-z]([-a-z0-9]*[a-z0-9])?`.
std::vector<std::string> is_dns1035_label(std::string_view value);

/// Mirrors upstream `IsQualifiedName` (label and annotation keys):
/// `[prefix/]name`, the prefix a DNS-1123 subdomain, the name at most 63
/// characters matching `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
std::vector<std::string> is_qualified_name(std::string_view value);

/// Mirrors upstream `IsValidLabelValue`: empty, or at most 63 characters
/// matching `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
std::vector<std::string> is_valid_label_value(std::string_view value);

/// Mirrors upstream `IsValidPortName` (IANA_SVC_NAME): at most 15
/// characters of `[-a-z0-9]`, at least one letter, no "--", no leading or
/// trailing '-'. Every failing rule adds its own message.
std::vector<std::string> is_valid_port_name(std::string_view value);

/// Mirrors upstream `IsValidPortNum`: 1..65535, else
/// "must be between 1 and 65535, inclusive".
std::vector<std::string> is_valid_port_num(int64_t port);

/// Mirrors upstream `IsRelaxedEnvVarName`, which 1.34's `ValidateEnv` uses
/// for `env[].name`: the RelaxedEnvironmentVariableValidation gate went
/// beta (on by default) in 1.32 and GA, locked on, in 1.34. A name must be
/// non-empty and made only of printable ASCII (0x20..0x7E) other than '='.
/// (`ValidateEnv` itself reports an empty name as "Required value" before
/// calling this.)
std::vector<std::string> is_env_var_name(std::string_view value);

/// Mirrors upstream `IsConfigMapKey` (ConfigMap/Secret keys and key
/// selectors): at most 253 characters of `[-._a-zA-Z0-9]`, and not ".",
/// "..", nor starting with "..".
std::vector<std::string> is_config_map_key(std::string_view value);

/// Mirrors what 1.34 pod validation uses for `hostAliases[].ip` and
/// `dnsConfig.nameservers[]`: upstream `IsValidIPForLegacyField` with the
/// StrictIPCIDRValidation gate off (alpha since 1.33, off by default in
/// 1.34), i.e. Go's legacy `net.ParseIP` grammar as forked in
/// k8s.io/utils `ParseIPSloppy` (IPv4 octets may carry leading zeros,
/// IPv4-mapped IPv6 is accepted, zones and brackets are not). Message:
/// "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)".
std::vector<std::string> is_valid_ip(std::string_view value);

/// Mirrors upstream `IsHTTPHeaderName`: one or more of `[-A-Za-z0-9]`.
std::vector<std::string> is_http_header_name(std::string_view value);

/// Mirrors upstream `IsCIdentifier`: `[A-Za-z_][A-Za-z0-9_]*` (no length
/// limit).
std::vector<std::string> is_c_identifier(std::string_view value);

/// Mirrors upstream `IsValidSysctlName` (pkg/apis/core/validation): at most
/// 253 characters matching `([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\./])*`
/// `[a-z0-9]([-_a-z0-9]*[a-z0-9])?`, i.e. segments separated by '.' or '/'.
bool is_valid_sysctl_name(std::string_view value);

}  // namespace podcore::manifest::names
