# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Helpers shared by the shell tests under tests/ (sourced, not run).

# Prints a failure with the test's name and exits non-zero.
fail()
{
    echo "FAIL: $(basename "$0" .sh): $*" >&2
    exit 1
}

# A scratch directory, removed when the test exits.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# hmmcl built with HMMCL_ASAN or HMMCL_TSAN links the sanitizer runtime, which
# must be the first library of the process. Tools that are not sanitized
# themselves (clinfo) load libhmmcl.so through the ICD loader's dlopen, so the
# runtime is preloaded for them:
#   - leak checking is off: the tool's own allocations are not ours (the
#     conformance suite and the examples, sanitized binaries, check leaks);
#   - ASan does not stop at the first report and writes its reports to
#     $work/asan.*: clinfo 3.0.23's --raw output overflows one of its own
#     sprintf buffers (with any platform, PoCL alone included), which must not
#     hide or be mistaken for an error of hmmcl's. check_sanitizer_reports
#     sorts them after the tool has run.
preload_sanitizer_runtime()
{
    local library=$1 runtime
    runtime=$(ldd "$library" | awk '$1 ~ /^lib(asan|tsan)\.so/ { print $3; exit }')
    [[ -n "$runtime" ]] || return 0
    export LD_PRELOAD="$runtime${LD_PRELOAD:+:$LD_PRELOAD}"
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0:halt_on_error=0:log_path=$work/asan"
    echo "note: $(basename "$library") is sanitized: preloading $runtime into unsanitized tools"
}

# Fails on any ASan report written under preload_sanitizer_runtime whose first
# frame outside the sanitizer runtime is not in the (unsanitized, system) tool
# itself; reports of the tool's own bugs are shown as notes.
check_sanitizer_reports()
{
    local log verdicts ours
    for log in "$work"/asan.*; do
        [[ -e "$log" ]] || continue
        verdicts=$(awk '
            function flush() {
                if (frame != "")
                    print (frame ~ /\((\/usr)?\/bin\// ? "tool" : "hmmcl") ":" frame
                frame = ""
            }
            /^=+$/ { flush(); next }
            frame == "" && /^ +#[0-9]+ / && !/libsanitizer|__interceptor_/ { frame = $0 }
            END { flush() }' "$log")
        ours=$(grep '^hmmcl:' <<<"$verdicts" || true)
        if [[ -n "$ours" ]]; then
            cat "$log" >&2
            fail "AddressSanitizer reports in hmmcl (full reports above)"
        fi
        while read -r v; do
            [[ -n "$v" ]] && echo "note: ignoring an ASan report in the tool itself, not hmmcl:${v#tool:}"
        done <<<"$verdicts"
    done
}

# Points the ICD loader at a vendors directory holding hmmcl's .icd file (the
# build's, $1) next to the system's PoCL, as on a user's machine.
use_hmmcl_and_pocl()
{
    local hmmcl_icd=$1 pocl_icd=/etc/OpenCL/vendors/pocl.icd
    [[ -f "$pocl_icd" ]] ||
        fail "PoCL is not installed ($pocl_icd is missing): run scripts/deps (pocl-opencl-icd)"
    [[ -f "$hmmcl_icd" ]] || fail "$hmmcl_icd does not exist"
    mkdir -p "$work/vendors"
    cp "$pocl_icd" "$work/vendors/pocl.icd"
    cp "$hmmcl_icd" "$work/vendors/hmmcl.icd"
    export OCL_ICD_VENDORS="$work/vendors"
}

# Prints the index of the platform named $1 in the ICD loader's order (the
# order clGetPlatformIDs returns, which tools' -platform options count in).
platform_index()
{
    local list index
    command -v clinfo >/dev/null || fail "clinfo is not installed: run scripts/deps"
    list=$(clinfo -l 2>&1) || fail "clinfo -l exited with $?:"$'\n'"$list"
    index=$(sed -nE "s/^Platform #([0-9]+): $1\$/\\1/p" <<<"$list")
    [[ "$index" =~ ^[0-9]+$ ]] || fail "no single platform named '$1' in clinfo -l:"$'\n'"$list"
    echo "$index"
}
