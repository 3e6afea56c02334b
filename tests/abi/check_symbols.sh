#!/usr/bin/env bash
# The exported interface of libpodcore.so.1 is what tests/abi/podcore.symbols
# says, nothing more and nothing less:
#   - the dynamic symbols the library defines (with their version node)
#     equal the checked-in list (adding or removing a function means
#     updating the list, on purpose, in the same commit);
#   - every one is a podcore_* function in node PODCORE_1 (or a later
#     PODCORE_1.x node);
#   - every function declared PODCORE_API in podcore.h is exported, and
#     nothing exported is undeclared;
#   - the SONAME is libpodcore.so.<major>.
# Usage: check_symbols.sh LIBRARY SYMBOLS_FILE HEADER MAJOR
set -euo pipefail
lib="$1" expected="$2" header="$3" major="$4"
fail=0

soname="$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')"
if [[ "$soname" != "libpodcore.so.$major" ]]; then
  echo "SONAME is '$soname', expected libpodcore.so.$major" >&2
  fail=1
fi

# "name@@NODE" for every defined dynamic symbol except the version node's own.
actual="$(nm -D --defined-only --with-symbol-versions "$lib" | awk '$2 != "A" { print $3 }' | sort)"
if ! diff -u <(grep -v '^#' "$expected" | sed '/^$/d' | sort) <(echo "$actual") >&2; then
  echo "exported symbols differ from $expected (- listed, + exported): update the list" \
       "only when the C ABI changes on purpose" >&2
  fail=1
fi

bad="$(echo "$actual" | grep -Ev '^podcore_[a-z0-9_]+@@PODCORE_1(\.[0-9]+)?$' || true)"
if [[ -n "$bad" ]]; then
  echo "exported symbols that are not podcore_* in a PODCORE_1 node:" >&2
  echo "$bad" >&2
  fail=1
fi

declared="$(tr '\n' ' ' < "$header" | grep -o 'PODCORE_API [^;]*;' |
            grep -o 'podcore_[a-z0-9_]*(' | tr -d '(' | sort -u)"
exported="$(echo "$actual" | sed 's/@.*//' | sort -u)"
if ! diff -u <(echo "$declared") <(echo "$exported") >&2; then
  echo "functions declared in podcore.h (-) and exported (+) differ" >&2
  fail=1
fi

[[ $fail -eq 0 ]] && echo "ok: $(echo "$actual" | wc -l) symbols, SONAME $soname"
exit $fail
