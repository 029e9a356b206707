/* SPDX-License-Identifier: MIT */
/*
 * The OpenCL C built-in library as LLVM bitcode: libclc's math plus hmmcl's
 * own built-ins (runtime/builtins/). The front end links every program
 * against it with llvm-link --only-needed before translating to SPIR-V;
 * the lowering turns each OpenCL.std instruction the ISA has no
 * instruction for into a call of the library function of that name and
 * signature (lower_ext.c).
 */
#ifndef HMMCL_COMPILER_BUILTINS_H
#define HMMCL_COMPILER_BUILTINS_H

#include <stddef.h>

extern const unsigned char hmmcl_builtins_bc[];
extern const unsigned char hmmcl_builtins_bc_end[];

static inline size_t hmmcl_builtins_bc_size(void)
{
    return (size_t)(hmmcl_builtins_bc_end - hmmcl_builtins_bc);
}

#endif
