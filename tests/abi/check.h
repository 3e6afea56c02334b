/* Tiny assertion helpers for the C ABI tests (plain C11, no framework: the
 * point is that a C program can use the library). */
#ifndef PODCORE_ABI_CHECK_H
#define PODCORE_ABI_CHECK_H

#include <podcore/podcore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int check_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++check_failures;                                                        \
    }                                                                          \
  } while (0)

#define CHECK_STREQ(a, b)                                                                    \
  do {                                                                                       \
    const char *check_a_ = (a), *check_b_ = (b);                                             \
    if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                         \
      fprintf(stderr, "%s:%d: CHECK_STREQ failed: %s = \"%s\", expected \"%s\"\n", __FILE__, \
              __LINE__, #a, check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
      ++check_failures;                                                                      \
    }                                                                                        \
  } while (0)

/* Checks that a call returned `want`; prints the error object when not. */
#define CHECK_RC(call, want, errp)                                                                \
  do {                                                                                            \
    int check_rc_ = (call);                                                                       \
    if (check_rc_ != (want)) {                                                                    \
      fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d: %s\n", __FILE__, __LINE__, #call, \
              check_rc_, podcore_errc_str(check_rc_), (int)(want),                                \
              *(errp) ? podcore_error_string(*(errp)) : "(no error object)");                     \
      ++check_failures;                                                                           \
    }                                                                                             \
  } while (0)

/* Fatal variant: a later step cannot run without this one. */
#define REQUIRE_RC(call, want, errp)                 \
  do {                                               \
    int require_before_ = check_failures;            \
    CHECK_RC(call, want, errp);                      \
    if (check_failures != require_before_) goto out; \
  } while (0)

#endif
