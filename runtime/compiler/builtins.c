// SPDX-License-Identifier: MIT
/*
 * The OpenCL C built-in library (runtime/builtins/build-library), embedded
 * in libhmmcl.so so that an installed or uninstalled library finds it
 * without a search path and a program cache entry never outlives the
 * library it was linked against (the cache key includes libhmmcl.so).
 */
#include "compiler/builtins.h"

__asm__(".pushsection .rodata\n"
        ".balign 16\n"
        ".globl hmmcl_builtins_bc\n"
        ".hidden hmmcl_builtins_bc\n"
        "hmmcl_builtins_bc:\n"
        ".incbin \"" HMMCL_BUILTINS_BC "\"\n"
        ".globl hmmcl_builtins_bc_end\n"
        ".hidden hmmcl_builtins_bc_end\n"
        "hmmcl_builtins_bc_end:\n"
        ".popsection\n");
