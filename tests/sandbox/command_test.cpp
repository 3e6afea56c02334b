// Command/args and environment composition: kubelet's expansion rules
// (third_party/forked/golang/expansion expand_test.go cases), containerd's
// ENTRYPOINT/CMD rules, exec PATH candidates, capability sets, identity.
#include "sandbox/command.hpp"

#include <gtest/gtest.h>

#include <map>

#include "sandbox/security.hpp"

namespace podcore::sandbox {
namespace {

std::string expand(std::string_view in) {
  static const std::map<std::string, std::string, std::less<>> vars = {
      {"VAR_A", "A"},          {"VAR_B", "B"},    {"VAR_C", "C"},
      {"VAR_REF", "$(VAR_A)"}, {"VAR_EMPTY", ""}, {"BIG_MONEY", "$()"}};
  return expand_references(in, [](std::string_view n) -> std::optional<std::string> {
    auto it = vars.find(n);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}

TEST(ExpandReferences, KubeletExpansionCases) {
  EXPECT_EQ(expand("$(VAR_A)"), "A");
  EXPECT_EQ(expand("___$(VAR_B)___"), "___B___");
  EXPECT_EQ(expand("$(VAR_A)-$(VAR_A)"), "A-A");
  EXPECT_EQ(expand("$(VAR_A)$(VAR_B)$(VAR_C)"), "ABC");
  EXPECT_EQ(expand("f000-$$VAR_A"), "f000-$VAR_A");
  EXPECT_EQ(expand("foo\\$(VAR_C)bar"), "foo\\Cbar");
  EXPECT_EQ(expand("foo\\\\$(VAR_C)bar"), "foo\\\\Cbar");
  EXPECT_EQ(expand("$(VAR_EMPTY)"), "");
  EXPECT_EQ(expand("$(VAR_REF)"), "$(VAR_A)");  // no recursive expansion
  EXPECT_EQ(expand("$(VAR_DNE)"), "$(VAR_DNE)");
  EXPECT_EQ(expand("$$(VAR_A)"), "$(VAR_A)");
  EXPECT_EQ(expand("$$$(VAR_A)"), "$A");
  EXPECT_EQ(expand("$$$$(VAR_A)"), "$$(VAR_A)");
  EXPECT_EQ(expand("$$$$$$(BIG_MONEY)"), "$$$(BIG_MONEY)");
  EXPECT_EQ(expand("$$$$$$$(BIG_MONEY)"), "$$$$()");
  EXPECT_EQ(expand("$(VAR_A"), "$(VAR_A");                  // incomplete reference
  EXPECT_EQ(expand("$(VAR_A$(VAR_B)"), "$(VAR_A$(VAR_B)");  // name "VAR_A$(VAR_B"
  EXPECT_EQ(expand("$VAR_A"), "$VAR_A");
  EXPECT_EQ(expand("$()"), "$()");
  EXPECT_EQ(expand("$"), "$");
  EXPECT_EQ(expand("abc$"), "abc$");
  EXPECT_EQ(expand("$("), "$(");
  EXPECT_EQ(expand("$)"), "$)");
  EXPECT_EQ(expand(""), "");
  EXPECT_EQ(expand("no refs"), "no refs");
}

manifest::Pod pod() {
  manifest::Pod p;
  p.metadata.name = "mypod";
  p.metadata.namespace_ = "ns1";
  p.metadata.uid = "uid-1";
  p.metadata.labels = {{"app", "web"}};
  p.metadata.annotations = {{"b", "2"}, {"a", "x\"y"}};
  p.spec.serviceAccountName = "sa";
  return p;
}

manifest::EnvVar var(std::string n, std::string v) {
  manifest::EnvVar e;
  e.name = std::move(n);
  e.value = std::move(v);
  return e;
}

TEST(KubeletEnvironment, ExpandsAgainstEarlierVariablesOnlyAndResolvesFieldRefs) {
  auto p = pod();
  DownwardContext ctx{&p, {"10.0.0.5", "fd00::5"}, {"node-a", "192.0.2.9", 1500, 1 << 30, 0}};
  manifest::Container c;
  c.name = "c";
  c.env = {var("LATER_REF", "$(FIRST)"), var("FIRST", "one"), var("SECOND", "$(FIRST)-two"),
           var("FIRST", "override")};
  for (auto [n, path] :
       std::vector<std::pair<std::string, std::string>>{{"NAME", "metadata.name"},
                                                        {"NS", "metadata.namespace"},
                                                        {"UID", "metadata.uid"},
                                                        {"APP", "metadata.labels['app']"},
                                                        {"NONE", "metadata.labels['none']"},
                                                        {"IP", "status.podIP"},
                                                        {"IPS", "status.podIPs"},
                                                        {"HOST", "status.hostIP"},
                                                        {"NODE", "spec.nodeName"},
                                                        {"SA", "spec.serviceAccountName"}}) {
    manifest::EnvVar e;
    e.name = n;
    e.valueFrom.emplace();
    e.valueFrom->fieldRef.emplace();
    e.valueFrom->fieldRef->fieldPath = path;
    c.env.push_back(e);
  }
  auto env = kubelet_environment(ctx, c);
  ASSERT_TRUE(env) << env.error().message;
  EXPECT_EQ(env->get("LATER_REF"), "$(FIRST)");  // defined later: not expanded
  EXPECT_EQ(env->get("FIRST"), "override");      // later entries win, in place
  EXPECT_EQ(env->get("SECOND"), "one-two");
  EXPECT_EQ(env->entries()[1].first, "FIRST");
  EXPECT_EQ(env->get("NAME"), "mypod");
  EXPECT_EQ(env->get("NS"), "ns1");
  EXPECT_EQ(env->get("UID"), "uid-1");
  EXPECT_EQ(env->get("APP"), "web");
  EXPECT_EQ(env->get("NONE"), "");
  EXPECT_EQ(env->get("IP"), "10.0.0.5");
  EXPECT_EQ(env->get("IPS"), "10.0.0.5,fd00::5");
  EXPECT_EQ(env->get("HOST"), "192.0.2.9");
  EXPECT_EQ(env->get("NODE"), "node-a");
  EXPECT_EQ(env->get("SA"), "sa");
}

TEST(KubeletEnvironment, ResourceFieldRefDivisorsRoundUpAndLimitsDefaultToAllocatable) {
  auto p = pod();
  DownwardContext ctx{&p, {}, {"node-a", "", 1500, 1 << 30, 0}};
  manifest::Container c;
  c.name = "c";
  c.resources.requests["cpu"] = *manifest::Quantity::parse("125m");
  c.resources.requests["memory"] = *manifest::Quantity::parse("64Mi");
  auto rf = [&](std::string res, std::string div) {
    manifest::ResourceFieldSelector s;
    s.resource = std::move(res);
    if (!div.empty()) s.divisor = *manifest::Quantity::parse(div);
    auto v = resource_field_value(ctx, c, s);
    return v ? *v : "ERR " + v.error().message;
  };
  EXPECT_EQ(rf("requests.cpu", ""), "1");
  EXPECT_EQ(rf("requests.cpu", "1m"), "125");
  EXPECT_EQ(rf("requests.memory", ""), "67108864");
  EXPECT_EQ(rf("requests.memory", "1Mi"), "64");
  EXPECT_EQ(rf("requests.memory", "1M"), "68");
  EXPECT_EQ(rf("limits.cpu", ""), "2");  // node allocatable 1500m, rounded up
  EXPECT_EQ(rf("limits.cpu", "1m"), "1500");
  EXPECT_EQ(rf("limits.memory", "1Mi"), "1024");
  EXPECT_TRUE(rf("limits.gpu", "").starts_with("ERR")) << rf("limits.gpu", "");
}

TEST(KubeletEnvironment, MissingConfigMapsAndSecretsAreConfigErrorsUnlessOptional) {
  auto p = pod();
  DownwardContext ctx{&p, {}, {}};
  manifest::Container c;
  c.name = "c";
  manifest::EnvFromSource from;
  from.configMapRef.emplace();
  from.configMapRef->name = "special-config";
  c.envFrom = {from};
  auto e = kubelet_environment(ctx, c);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().reason, "CreateContainerConfigError");
  EXPECT_EQ(e.error().message, "configmap \"special-config\" not found");
  c.envFrom[0].configMapRef->optional = true;
  manifest::EnvVar v;
  v.name = "K";
  v.valueFrom.emplace();
  v.valueFrom->configMapKeyRef.emplace();
  v.valueFrom->configMapKeyRef->name = "cm";
  v.valueFrom->configMapKeyRef->optional = true;
  c.env = {v};
  auto ok = kubelet_environment(ctx, c);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(ok->get("K"));  // optional and missing: not set at all
}

TEST(ContainerArgv, EntrypointAndCmdRules) {
  ImageConfig img;
  img.entrypoint = {"/entry"};
  img.cmd = {"default-arg"};
  EnvList env;
  env.set("X", "ex");
  manifest::Container c;
  EXPECT_EQ(*container_argv(img, c, env), (std::vector<std::string>{"/entry", "default-arg"}));
  c.args = {"$(X)", "$(Y)"};
  EXPECT_EQ(*container_argv(img, c, env), (std::vector<std::string>{"/entry", "ex", "$(Y)"}));
  c.command = {"/bin/cmd", "$(X)"};
  c.args.clear();
  // A command alone drops the image CMD.
  EXPECT_EQ(*container_argv(img, c, env), (std::vector<std::string>{"/bin/cmd", "ex"}));
  c.args = {"a"};
  EXPECT_EQ(*container_argv(img, c, env), (std::vector<std::string>{"/bin/cmd", "ex", "a"}));
  ImageConfig bare;
  manifest::Container none;
  auto e = container_argv(bare, none, env);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().reason, "CreateContainerError");
  EXPECT_EQ(e.error().message, "no command specified");
  bare.entrypoint = {""};  // ENTRYPOINT [""] means none
  bare.cmd = {"sh"};
  EXPECT_EQ(*container_argv(bare, none, env), std::vector<std::string>{"sh"});
}

TEST(ContainerEnvironment, ImageEnvOverriddenHostnameAndDefaultPath) {
  ImageConfig img;
  img.env = {"A=image", "B=image"};
  EnvList k;
  k.set("B", "spec");
  k.set("C", "spec");
  auto env = container_environment(img, k, "host-1");
  EXPECT_EQ(env, (std::vector<std::string>{"A=image", "B=spec", "PATH=" + std::string(kDefaultPath),
                                           "HOSTNAME=host-1", "C=spec"}));
  k.set("HOSTNAME", "mine");
  env = container_environment(img, k, "host-1");
  EXPECT_NE(std::find(env.begin(), env.end(), "HOSTNAME=mine"), env.end());
}

TEST(ExecCandidates, PathLookupOrder) {
  EXPECT_EQ(exec_candidates("/bin/sh", "/a:/b"), std::vector<std::string>{"/bin/sh"});
  EXPECT_EQ(exec_candidates("./x", "/a"), std::vector<std::string>{"./x"});
  EXPECT_EQ(exec_candidates("ls", "/a:/b::/a"),
            (std::vector<std::string>{"/a/ls", "/b/ls", "./ls"}));
}

TEST(Capabilities, DefaultsAddDropAndNames) {
  auto d = container_capabilities(nullptr);
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, 0xa80425fbULL);  // containerd's default CapEff
  manifest::SecurityContext sc;
  sc.capabilities.emplace();
  sc.capabilities->add = {"ALL"};
  EXPECT_EQ(*container_capabilities(&sc), all_capabilities());
  sc.capabilities->add = {"NO_SUCH_CAP"};
  auto bad = container_capabilities(&sc);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(capability_names(0x3), (std::vector<std::string>{"cap_chown", "cap_dac_override"}));
  EXPECT_EQ(*capability_number("cap_sys_admin"), 21);
  EXPECT_EQ(*capability_number("SYS_ADMIN"), 21);
}

TEST(Identity, RunAsNonRootMessages) {
  auto p = pod();
  Image img;
  img.rootfs = "/nonexistent-rootfs";
  manifest::Container c;
  c.name = "app";
  c.securityContext.emplace();
  c.securityContext->runAsNonRoot = true;
  c.securityContext->runAsUser = 0;
  auto e = resolve_identity(p, c, img);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().reason, "CreateContainerConfigError");
  EXPECT_EQ(
      e.error().message,
      "container's runAsUser breaks non-root policy (pod: \"mypod_ns1(uid-1)\", container: app)");
  c.securityContext->runAsUser.reset();
  img.config.user = "nginx";
  e = resolve_identity(p, c, img);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message,
            "container has runAsNonRoot and image has non-numeric user (nginx), cannot verify user "
            "is non-root (pod: \"mypod_ns1(uid-1)\", container: app)");
  img.config.user = "1001:1002";
  auto ok = resolve_identity(p, c, img);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->uid, 1001u);
  EXPECT_EQ(ok->gid, 1002u);
}

}  // namespace
}  // namespace podcore::sandbox
