#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An uninstalled build is usable through the ICD loader:
# OCL_ICD_VENDORS=<build>/icd clinfo -l lists the hmmcl platform.
#   usage: uninstalled.sh ICD_DIR LIBRARY
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

icd_dir=$1
library=$2
[[ -f "$icd_dir/hmmcl.icd" ]] || fail "$icd_dir/hmmcl.icd does not exist"
[[ "$(cat "$icd_dir/hmmcl.icd")" == "$library" ]] ||
    fail "$icd_dir/hmmcl.icd names '$(cat "$icd_dir/hmmcl.icd")', not the built $library"
command -v clinfo >/dev/null || fail "clinfo is not installed: run scripts/deps"
preload_sanitizer_runtime "$library"

out=$(OCL_ICD_VENDORS="$icd_dir" clinfo -l 2>&1) ||
    fail "clinfo -l exited with $?:"$'\n'"$out"
echo "$out"
check_sanitizer_reports
grep -Eq '^Platform #[0-9]+: hmmcl$' <<<"$out" ||
    fail "clinfo -l with OCL_ICD_VENDORS=$icd_dir does not list the hmmcl platform"
grep -Eq '^ *`-- Device #0: ' <<<"$out" || fail "the hmmcl platform lists no device"
echo "PASS: hmmcl is listed by the ICD loader from $icd_dir"
