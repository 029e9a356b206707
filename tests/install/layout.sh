#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `cmake --install` into a staging directory (DESTDIR, --prefix /usr, as a
# distribution package is built) installs the library, the header, the
# pkg-config file and the ICD file; the .icd names the installed library, and
# the library exports the ICD entry points and nothing else.
#   usage: layout.sh BUILD_DIR LIBDIR INCLUDEDIR LIBRARY_FILE_NAME SONAME
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

build=$1
libdir=$2     # CMAKE_INSTALL_LIBDIR, relative to the prefix
includedir=$3 # CMAKE_INSTALL_INCLUDEDIR
file_name=$4  # libhmmcl.so.X.Y.Z
soname=$5     # libhmmcl.so.X

prefix=/usr
destdir="$work/destdir"
mkdir "$destdir"

out=$(DESTDIR="$destdir" cmake --install "$build" --prefix "$prefix" 2>&1) ||
    fail "cmake --install failed:"$'\n'"$out"
echo "$out"
root="$destdir$prefix"

# 1. Every piece is where the ICD loader, compilers and pkg-config look.
for f in "$libdir/$file_name" "$libdir/$soname" "$libdir/libhmmcl.so" \
    "$includedir/CL/hmmcl_ext.h" "$libdir/pkgconfig/hmmcl.pc"; do
    [[ -e "$root/$f" ]] || fail "$prefix/$f is not installed"
done
[[ -L "$root/$libdir/libhmmcl.so" && -L "$root/$libdir/$soname" ]] ||
    fail "libhmmcl.so and $soname should be symlinks to $file_name"
icd="$destdir/etc/OpenCL/vendors/hmmcl.icd"
[[ -f "$icd" ]] || fail "/etc/OpenCL/vendors/hmmcl.icd is not installed"

# Nothing else is installed: no stray files outside these directories.
stray=$(find "$destdir" \( -type f -o -type l \) -printf '%P\n' |
    grep -Ev "^(usr/$libdir/(libhmmcl\.so|pkgconfig/hmmcl\.pc$)|usr/$includedir/CL/hmmcl_ext\.h$|etc/OpenCL/vendors/hmmcl\.icd$)" ||
    true)
[[ -z "$stray" ]] || fail "unexpected files installed:"$'\n'"$stray"

# 2. The .icd names the installed library: by soname, found on the loader's
#    search path (Debian's convention), or by absolute path.
named=$(<"$icd")
case "$named" in
/*) target="$destdir$named" ;;
*) target="$root/$libdir/$named" ;;
esac
[[ -e "$target" ]] || fail "hmmcl.icd names '$named', which is not installed"
[[ "$named" == "$soname" || "$named" == "$prefix/$libdir/$soname" ]] ||
    fail "hmmcl.icd names '$named'; expected the soname $soname"
actual_soname=$(readelf -d "$target" | sed -nE 's/.*\(SONAME\).*\[(.*)\]/\1/p')
[[ "$actual_soname" == "$soname" ]] ||
    fail "the installed library's SONAME is '$actual_soname', expected $soname"

# 3. Only the ICD symbols are exported (icd/exports.map).
expected=$'clGetExtensionFunctionAddress\nclGetExtensionFunctionAddressForPlatform\nclIcdGetPlatformIDsKHR'
exported=$(nm -D --defined-only "$root/$libdir/$file_name" | awk '{ print $NF }' | sort)
[[ "$exported" == "$expected" ]] ||
    fail "libhmmcl.so must export exactly the 3 ICD entry points; it exports:"$'\n'"$exported"

# 4. pkg-config describes the installed files.
pc_prefix=$(PKG_CONFIG_PATH="$root/$libdir/pkgconfig" pkg-config --variable=prefix hmmcl) ||
    fail "pkg-config cannot read the installed hmmcl.pc"
[[ "$pc_prefix" == "$prefix" ]] ||
    fail "hmmcl.pc says prefix=$pc_prefix but it was installed with --prefix $prefix" \
        "(the .pc must be generated for the install prefix, not the configure-time one)"
pc_includedir=$(PKG_CONFIG_PATH="$root/$libdir/pkgconfig" pkg-config --variable=includedir hmmcl)
[[ -f "$destdir$pc_includedir/CL/hmmcl_ext.h" ]] ||
    fail "hmmcl.pc's includedir ($pc_includedir) does not hold CL/hmmcl_ext.h"

echo "PASS: install layout under $prefix, hmmcl.icd -> $named, exports: $(echo "$exported" | tr '\n' ' ')"
